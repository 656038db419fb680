/**
 * Lesson regions in solutions/: the code a learner writes, marked so that the
 * skeleton in labs/ can be generated from the solution instead of kept by hand.
 *
 *   // lab:todo 1.4 Reflector.lastSyncResourceVersion: remember the newest resourceVersion
 *   // lab:stub <a line the skeleton has instead>       (optional, repeatable; bare = nothing)
 *   …the solution's code…
 *   // lab:end
 *
 * YAML and Dockerfiles write `#` instead of `//`. Without a stub a TypeScript
 * region becomes `return todo('<id> <text>')` and any other region disappears
 * (its instructions are the comments just above it, which both copies keep).
 * Regions may nest: the skeleton replaces the outermost one, the per-TODO
 * proof replaces only the regions of the TODO it proves.
 */

export interface Region {
  kind: 'region';
  id: string;
  /** The marker's text: what the stub's todo() says. */
  text: string;
  /** Lines the skeleton has instead, or undefined for the default stub. */
  stub: string[] | undefined;
  indent: string;
  /** 1-based line of the `lab:todo` marker, for error messages. */
  line: number;
  children: Segment[];
}

export type Segment = { kind: 'line'; text: string } | Region;

const directive = /^(\s*)(?:\/\/|#)\s?lab:(\w+)(?:[ \t](.*))?$/;

/** Where a file's lesson markers are written with `//`, and a region's default stub is a todo() call. */
export function isCode(file: string): boolean {
  return /\.[cm]?[jt]s$/.test(file);
}

/** Parses a file's text into plain lines and (nested) regions; malformed markers throw, naming the line. */
export function parseRegions(file: string, text: string): Segment[] {
  const root: Segment[] = [];
  const open: Region[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const here = open.at(-1)?.children ?? root;
    const match = directive.exec(line);
    if (!match) {
      here.push({ kind: 'line', text: line });
      return;
    }
    const [, indent = '', name, rest = ''] = match;
    const where = `${file}:${index + 1}`;
    if (name === 'todo') {
      const id = /^(\d+\.\d+)(?:\s+(.*))?$/.exec(rest.trim());
      if (!id) throw new Error(`${where}: lab:todo needs an id like 1.4, then what the stub says`);
      const region: Region = { kind: 'region', id: id[1]!, text: id[2] ?? '', stub: undefined, indent, line: index + 1, children: [] };
      here.push(region);
      open.push(region);
    } else if (name === 'stub') {
      const region = open.at(-1);
      // Stub lines come first, so a reader sees the skeleton's version before the solution's.
      if (!region || region.children.length > 0) throw new Error(`${where}: lab:stub belongs right after its lab:todo line`);
      region.stub ??= [];
      if (rest.trim() !== '') region.stub.push(rest);
    } else if (name === 'end') {
      if (!open.pop()) throw new Error(`${where}: lab:end without a lab:todo`);
    } else {
      throw new Error(`${where}: unknown marker lab:${name} (lab:todo, lab:stub, lab:end)`);
    }
  });
  const unclosed = open.at(-1);
  if (unclosed) throw new Error(`${file}:${unclosed.line}: lab:todo ${unclosed.id} has no lab:end`);
  return root;
}

/** Every region, nested ones too, in file order. */
export function regionsIn(segments: Segment[]): Region[] {
  return segments.flatMap((s) => (s.kind === 'region' ? [s, ...regionsIn(s.children)] : []));
}
