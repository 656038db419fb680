/**
 * The class report: one HTML file with everything inline (no scripts, fonts
 * or styles from elsewhere), so it opens from a mail or an LMS upload. Points
 * per stage as in grades.csv, a heat map of learners × checkpoints where each
 * failure opens its message on click, and the checkpoints most of the class fails.
 */
import type { CheckpointGrade, ClassGrades, LearnerGrade, SimilarPair, StageGrade } from '../model.js';
import { escapeXml as h } from './escape.js';
import { hardestCheckpoints } from './hardest.js';
import { style } from './html-style.js';

const statusLabel: Record<StageGrade['status'], string> = { ran: '', missing: 'folder missing', 'not-started': 'not started', refused: 'refused', stopped: 'stopped' };

/** The colour class of one heat-map cell: how the checkpoint ended, or why it never ran. */
function cellClass(stage: StageGrade, checkpoint: CheckpointGrade): string {
  if (checkpoint.state === 'passed') return 'pass';
  if (checkpoint.state === 'skipped') return 'skip';
  if (stage.status === 'stopped' && /^(did not finish|not reached)/.test(checkpoint.message ?? '')) return 'stopped';
  if (checkpoint.state === 'failed') return 'fail';
  return stage.status === 'refused' ? 'refused' : 'absent';
}

/** `right`: the cell is in the right half of the map, so its message opens leftwards and stays on screen. */
function cell(learner: LearnerGrade, stage: StageGrade, checkpoint: CheckpointGrade, index: number, right: boolean): string {
  const kind = cellClass(stage, checkpoint);
  const label = `${stage.number}.${index + 1} ${checkpoint.title}`;
  if (kind === 'pass') return `<td><span class="c pass" title="${h(`${label} — passed`)}"></span></td>`;
  const message = checkpoint.message ?? kind;
  return [
    `<td><details class="c ${kind}" data-learner="${h(learner.name)}" data-checkpoint="${h(checkpoint.title)}">`,
    `<summary title="${h(`${label} — ${kind}`)}"></summary>`,
    `<div class="msg${right ? ' right' : ''}"><b>${h(learner.name)} · ${h(stage.dir)}</b><br><i>${h(checkpoint.title)}</i><pre>${h(message)}</pre></div>`,
    '</details></td>',
  ].join('');
}

function pointsTable(grades: ClassGrades): string {
  const stages = grades.learners[0]?.stages ?? [];
  const head = `<tr><th>Learner</th>${stages.map((s) => `<th title="${h(s.title)}">${s.number}<br><small>${h(s.title)}</small></th>`).join('')}<th>Total</th></tr>`;
  const max = `<tr class="max"><td>out of</td>${stages.map((s) => `<td>${s.maxPoints}</td>`).join('')}<td>${grades.learners[0]?.maxPoints ?? 0}</td></tr>`;
  const rows = grades.learners.map((learner) => {
    const cells = learner.stages.map((stage) => {
      const note = statusLabel[stage.status];
      return `<td class="pts ${stage.status}" data-learner="${h(learner.name)}" data-stage="${h(stage.dir)}" data-points="${stage.points}" title="${h(stage.reason ?? '')}">${stage.points}${note ? `<br><small>${note}</small>` : ''}</td>`;
    });
    return `<tr><th><a href="#l-${h(learner.name)}">${h(learner.name)}</a></th>${cells.join('')}<td class="total" data-learner="${h(learner.name)}" data-total="${learner.points}"><b>${learner.points}</b></td></tr>`;
  });
  return `<table class="points">${head}${max}${rows.join('')}</table>`;
}

function heatMap(grades: ClassGrades): string {
  const stages = grades.learners[0]?.stages ?? [];
  const groups = stages.map((s) => `<th colspan="${s.checkpoints.length}" class="stage">${s.number} · ${h(s.title)}</th>`).join('');
  const numbers = stages.flatMap((s) => s.checkpoints.map((c, i) => `<th class="n" title="${h(c.title)}">${i + 1}</th>`)).join('');
  const columns = stages.reduce((sum, s) => sum + s.checkpoints.length, 0);
  const rows = grades.learners.map((learner) => {
    let column = 0;
    const cells = learner.stages.flatMap((stage) => stage.checkpoints.map((c, i) => cell(learner, stage, c, i, column++ >= columns / 2)));
    return `<tr><th class="who">${h(learner.name)}</th>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table class="heat"><tr><th class="who"></th>${groups}</tr><tr><th class="who"></th>${numbers}</tr>${rows.join('')}</table></div>`;
}

function hardest(grades: ClassGrades): string {
  const hard = hardestCheckpoints(grades.learners).slice(0, 15);
  if (hard.length === 0) return '<p>No checkpoint failed for anyone whose stage ran.</p>';
  const rows = hard.map((item) => {
    const share = Math.round((100 * item.failed) / item.attempted);
    const common = item.commonest ? `<small>${item.commonest.count}×</small> <code>${h(item.commonest.line)}</code>` : '';
    return `<tr class="${share >= 50 ? 'most' : ''}"><td>${h(item.stage)}</td><td>${h(item.title)}</td><td class="num" data-failed="${item.failed}" data-attempted="${item.attempted}">${item.failed} / ${item.attempted} (${share}%)</td><td>${common}</td></tr>`;
  });
  return `<table class="hard"><tr><th>Stage</th><th>Checkpoint</th><th>Failed / ran</th><th>Commonest first line</th></tr>${rows.join('')}</table>`;
}

function notes(grades: ClassGrades): string {
  const items = grades.learners.map((learner) => {
    // Stages with the same one-line reason and nothing more to say share a line: "01-list-watch, 02-informer: not started".
    const plain = new Map<string, string[]>();
    const lines: string[] = [];
    for (const s of learner.stages.filter((g) => g.status !== 'ran' || g.details.length > 0)) {
      const reason = s.status === 'refused' ? 'imports outside its folder (0 points)' : (s.reason ?? 'errors outside the checkpoints');
      if (s.details.length === 0) plain.set(reason, [...(plain.get(reason) ?? []), s.dir]);
      else lines.push(`<li><b>${h(s.dir)}</b>: ${h(reason)}<ul>${s.details.map((d) => `<li><code>${h(d)}</code></li>`).join('')}</ul></li>`);
    }
    for (const [reason, dirs] of plain) lines.unshift(`<li><b>${h(dirs.join(', '))}</b>: ${h(reason)}</li>`);
    return `<section id="l-${h(learner.name)}"><h3>${h(learner.name)} — ${learner.points} / ${learner.maxPoints}</h3><p class="src">${h(learner.source)}</p>${lines.length > 0 ? `<ul>${lines.join('')}</ul>` : '<p>Every stage ran.</p>'}</section>`;
  });
  return items.join('');
}

/** Pairs of copies that share much code, each opening to its matching lines side by side. */
function similarCode(grades: ClassGrades): string {
  const pairs = grades.similar;
  if (!pairs) return '<p>Not checked in this run.</p>';
  const intro = '<p>Pairs of copies of a stage that share at least half of their code, the skeleton left out (Dolos fingerprints; names and strings do not count). A signal to look at, not a verdict: short TODOs can only be written a few ways.</p>';
  if (pairs.length === 0) return `${intro}<p>No pair above the threshold.</p>`;
  const side = (who: string, s: SimilarPair['fragments'][number]['left']) =>
    `<td><b>${h(who)}</b> ${h(s.file)}:${s.from}–${s.to}${s.todos.length > 0 ? ` · TODO ${h(s.todos.join(', '))}` : ''}<pre>${h(s.lines.join('\n'))}</pre></td>`;
  const rows = pairs.map((pair) => {
    const fragments = pair.fragments.map((f) => `<tr>${side(pair.left, f.left)}${side(pair.right, f.right)}</tr>`).join('');
    const todos = [...new Set(pair.fragments.flatMap((f) => f.left.todos))].sort();
    return `<details class="pair" data-stage="${h(pair.stage)}" data-left="${h(pair.left)}" data-right="${h(pair.right)}" data-similarity="${pair.similarity}"><summary>${h(pair.stage)}: <b>${h(pair.left)}</b> and <b>${h(pair.right)}</b> — ${Math.round(pair.similarity * 100)}% shared${todos.length > 0 ? ` (TODO ${h(todos.join(', '))})` : ''}</summary><table class="side">${fragments}</table></details>`;
  });
  return `${intro}${rows.join('')}`;
}

export function classReportHtml(grades: ClassGrades): string {
  const legend = [
    ['pass', 'passed'],
    ['fail', 'failed (click for the message)'],
    ['stopped', 'stopped: time limit or memory cap'],
    ['refused', 'refused: imports outside its folder'],
    ['absent', 'not run: folder missing or not started'],
    ['skip', 'skipped during the run (no points; the checkpoint says why)'],
  ]
    .map(([kind, text]) => `<span class="c ${kind}"></span> ${text}`)
    .join(' &nbsp; ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bare Controller — class report ${h(grades.run)}</title>
<style>${style}</style></head>
<body>
<h1>Bare Controller — class report</h1>
<p class="meta">Run <b>${h(grades.run)}</b>, ${h(grades.startedAt.slice(0, 16).replace('T', ' '))} UTC, ${Math.round(grades.durationMs / 1000)} s · ${grades.learners.length} learner${grades.learners.length === 1 ? '' : 's'} · workbook ${h(grades.workbook)}<br>Cluster: ${h(grades.cluster)}<br>Safety: ${h(grades.safety)}${grades.ignored.length > 0 ? `<br>Not a learner's copy, left out: ${h(grades.ignored.join(', '))}` : ''}</p>
<h2>Points</h2>
${pointsTable(grades)}
<h2>Where the class struggles</h2>
<p>Checkpoints by share of failures among learners whose stage ran; highlighted where most of them fail.</p>
${hardest(grades)}
<h2>Heat map</h2>
<p class="legend">${legend}</p>
${heatMap(grades)}
<h2>Similar code</h2>
${similarCode(grades)}
<h2>Per learner</h2>
${notes(grades)}
</body></html>
`;
}
