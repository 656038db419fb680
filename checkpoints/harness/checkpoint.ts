import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { it, type TestContext } from 'vitest';
// A registry symbol: the same in every copy of todo.ts (a learner's folder, a graded copy, a per-TODO mutant).
import { todoReachedListener } from '../../labs/todo.js';
import { looksFileVariable } from '../../scripts/proof/looks.js';
import { resolveTarget } from '../../scripts/workbook/target.js';
import { skipReasonsShownVariable } from '../../scripts/report/skip-reasons.js';
import { todo, type Look } from './look.js';

export interface Guide {
  /** What the checkpoint expects, in plain words, as a learner would read it. */
  expect: string;
  /** Where to look: `todo('1.3')`, the TODOs in labs/ this checkpoint exercises (free text only in the harness's own tests). */
  look: Look | string;
}

/**
 * A vitest test that, when it fails, tells the learner what was expected and
 * where to look, before the technical detail. An unimplemented TODO reads as
 * "not written yet", not as a crash — and fails the checkpoint as soon as it is
 * reached, even inside code that catches it and retries.
 */
export function checkpoint(title: string, guide: Guide, fn: (context: TestContext) => Promise<void> | void, timeoutMs?: number): void {
  it(
    title,
    async (context) => {
      recordLook(context, guide.look);
      const reached = todoReached();
      try {
        await Promise.race([fn(context), reached.promise]);
      } catch (error) {
        // context.skip(reason) works by throwing; let it through untouched.
        if ((error as { code?: string })?.code === 'VITEST_PENDING') throw error;
        throw explain(error, guide);
      } finally {
        reached.stop();
      }
    },
    timeoutMs,
  );
}

/**
 * Rejects with the first todo() reached while it listens. The checkpoint's own
 * code may go on in the background after that (a wait that would have timed
 * out): its late failure is the same news, so it is dropped.
 */
export function todoReached(): { promise: Promise<never>; stop: () => void } {
  const slot = globalThis as { [todoReachedListener]?: (error: Error) => void };
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<never>((_, r) => (reject = r));
  promise.catch(() => undefined);
  slot[todoReachedListener] = (error) => reject(error);
  return { promise, stop: () => delete slot[todoReachedListener] };
}

/** The assertion library's words for itself mean nothing to a learner: `// Object.is equality`, `+0`, verbose-mode tips, toBe-vs-toStrictEqual advice. */
export function plainWords(message: string): string {
  return message
    .replace(/\s*\/\/ Object\.is equality/g, '')
    .replace(/\s*\/\/ deep equality/g, '')
    .replace(/\n?\s*Enable verbose mode[^\n]*/g, '')
    .replace(/\s*If it should pass with deep equality, replace "toBe" with "toStrictEqual"\s*(?:Expected: [^\n]*\n)?Received: serializes to the same string\s*/g, ' (the same content, but not the same object)')
    .replace(/\s*\((\d+) matching propert(?:y|ies) omitted from actual\)/g, (_, n: string) => ` (and ${n} more ${n === '1' ? 'property' : 'properties'} that match)`)
    .replace(/(^|[\s[(,])\+0(?=$|[\s\]),])/g, '$10');
}

export function explain(error: unknown, guide: Guide): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  const notWritten = err.name === 'NotImplementedError' || /NotImplementedError/.test(err.message);
  const what = err.message.replace(/^NotImplementedError:\s*/, '');
  const headline = notWritten ? `Not written yet: ${what}` : `Expected: ${guide.expect}`;
  const lines = [headline, `Look at: ${lookAt(guide.look, notWritten ? { todo: /^(\d+\.\d+)\b/.exec(what)?.[1] } : { thrownIn: thrownInTarget(err.stack) ?? thrownInTarget((err.cause as Error | undefined)?.stack) })}`];
  if (!notWritten) lines.push(`What happened: ${plainWords(err.message)}`);
  else lines.push(`Expected: ${guide.expect}`);
  // A copy, not the error itself: one error can fail several checkpoints (a shared
  // set-up that failed), and each must add only its own guide.
  const explained = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, err);
  explained.message = lines.join('\n');
  explained.stack = err.stack;
  return explained;
}

/**
 * Where the learner should look: the checkpoint's own TODOs, unless the failure
 * happened elsewhere — a TODO reached that this checkpoint does not name (it
 * needs that one first), or an exception thrown in a file of theirs that the
 * checkpoint's TODOs are not in. Then that place comes first, so a failure in
 * controller.ts never sends them to reconciler.ts.
 */
function lookAt(look: Look | string, where: { todo?: string; thrownIn?: string }): string {
  if (typeof look === 'string') return look;
  if (where.todo && !look.todos.includes(where.todo)) {
    let reached: Look | undefined;
    try {
      reached = todo(where.todo);
    } catch {
      return look.text; // Not a TODO of the course (a learner's own todo() call): nothing better to say.
    }
    return `${reached.text} — this checkpoint needs it first (it checks ${look.text})`;
  }
  if (where.thrownIn && !look.files.some((file) => where.thrownIn!.startsWith(`${file}:`))) {
    return `${where.thrownIn}, where the error was thrown (this checkpoint checks ${look.text})`;
  }
  return where.thrownIn ? `${look.text} — thrown at ${where.thrownIn}` : look.text;
}

/**
 * The first frame of a stack that is the learner's code, as `labs/04-reconcile/controller.ts:57`
 * (their folder named labs/ whatever it really is: the Look at lines say labs/ too). None when the
 * first frame that is not a library's is a checkpoint's own (an assertion).
 */
export function thrownInTarget(stack: string | undefined, target = targetDir()): string | undefined {
  if (!stack || !target) return undefined;
  const root = `${target.replace(/\/+$/, '')}/`;
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+?\.[cm]?[jt]s):(\d+):\d+\)?/g)) {
    const file = match[1]!.replace(/^file:\/\//, '');
    if (file.includes('/node_modules/') || file.startsWith('node:')) continue;
    if (!file.startsWith(root)) return undefined; // a checkpoint's (or the harness's) own line: an assertion, not their code
    return `labs/${file.slice(root.length)}:${match[2]}`;
  }
  return undefined;
}

function targetDir(): string | undefined {
  try {
    return resolveTarget();
  } catch {
    return undefined;
  }
}

/** For npm test's per-TODO proof: which TODOs this checkpoint names, when it asks (see scripts/proof/looks.ts). */
function recordLook(context: TestContext, look: Guide['look']): void {
  const file = process.env[looksFileVariable];
  if (!file) return;
  const todos = typeof look === 'string' ? [] : look.todos;
  appendFileSync(file, `${JSON.stringify({ file: relative(process.cwd(), context.task.file.filepath), title: context.task.name, todos })}\n`);
}

/**
 * Skips a checkpoint this cluster cannot run, saying why in the report
 * (never silently): e.g. a real 410 Gone needs etcd access, which k3s does not give.
 */
export function skipBecause(context: TestContext, reason: string): never {
  if (!process.env[skipReasonsShownVariable]) process.stderr.write(`[checkpoint skipped] ${context.task.name}: ${reason}\n`);
  context.skip(reason);
  throw new Error('unreachable');
}
