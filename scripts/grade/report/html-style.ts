/** The class report's stylesheet, inline in the page. Colours read on screen and in grey print. */
export const style = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1f24; }
h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { margin-top: 1.6em; font-size: 1.2em; }
.meta { color: #57606a; } .src { color: #57606a; font-size: .85em; margin: 0; }
table { border-collapse: collapse; }
.points th, .points td, .hard th, .hard td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: center; }
.points th:first-child, .hard td:nth-child(2), .hard td:nth-child(4) { text-align: left; }
.points .max td { color: #57606a; font-style: italic; }
.points small { color: #57606a; }
.pts.refused { background: #f3e8ff; } .pts.stopped { background: #fff1e0; } .pts.missing, .pts.not-started { background: #f6f8fa; }
.hard tr.most { background: #ffebe9; } .hard td:first-child { white-space: nowrap; } .hard code { font-size: .85em; }
.scroll { overflow-x: auto; padding-bottom: 14em; }
.heat th { font-weight: normal; font-size: .8em; padding: 0 .3em; white-space: nowrap; }
.heat th.stage { border-left: 2px solid #fff; background: #eaeef2; }
.heat td { padding: 1px; position: relative; }
.heat .who { position: sticky; left: 0; z-index: 5; background: #fff; text-align: right; padding-right: .5em; }
.c { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: middle; }
details.c > summary { list-style: none; width: 14px; height: 14px; cursor: pointer; }
details.c > summary::-webkit-details-marker { display: none; }
.pass { background: #2da44e; } .fail { background: #cf222e; } .stopped { background: #fb8f44; }
.refused { background: #8250df; } .absent { background: #d0d7de; } .skip { background: #d4a72c; }
details.c[open] > summary { outline: 2px solid #0969da; }
.msg { position: absolute; z-index: 10; left: 0; top: 18px; width: 36em; background: #fff; border: 1px solid #8c959f;
  box-shadow: 0 4px 12px rgba(0,0,0,.2); padding: .6em; text-align: left; font-size: 13px; }
.msg.right { left: auto; right: 0; }
.msg pre { white-space: pre-wrap; margin: .4em 0 0; font-size: 12px; }
.legend .c { margin-left: .2em; }
details.pair { margin: .3em 0; } .side td { vertical-align: top; border: 1px solid #d0d7de; padding: .3em; width: 50%; }
.side pre { white-space: pre-wrap; font-size: 12px; margin: .3em 0 0; background: #fff8c5; }
section { margin-bottom: 1em; } section h3 { margin-bottom: .1em; font-size: 1em; }
`;
