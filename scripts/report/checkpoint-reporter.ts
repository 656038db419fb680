import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import type { SerializedError } from 'vitest';
import { count, stageOf, type CheckpointResult, type RunResults } from './results.js';
import { skipReasonsShownVariable } from './skip-reasons.js';

/** BARE_REPORT=brief: only the closing count (npm test's pass over the skeletons, where every failure is expected). */
const brief = process.env.BARE_REPORT === 'brief';
/** BARE_REPORT=all: every failure's message in full (`npm run lab:N -- --all`); by default only the first one's. */
const all = process.env.BARE_REPORT === 'all';
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const green = (t: string) => paint(32, t);
const red = (t: string) => paint(31, t);
const yellow = (t: string) => paint(33, t);
const dim = (t: string) => paint(2, t);

/**
 * The learner-facing reporter: one line a checkpoint as it finishes, then for
 * each failure only the plain-words part (what was expected, where to look,
 * what happened) — no stack traces. Writes every result as JSON to
 * $BARE_RESULTS_FILE for `npm start`, grading and `npm test`.
 */
export default class CheckpointReporter implements Reporter {
  private results: CheckpointResult[] = [];
  private startedAt = new Date().toISOString();
  /** Skip reasons already printed: eight checkpoints skipped for one reason show it once. */
  private reasonsShown = new Set<string>();

  constructor() {
    // Read by skipBecause in the test workers (started after this): this reporter prints the reason itself.
    process.env[skipReasonsShownVariable] = '1';
  }

  /**
   * `--watch` runs again on save, often only the files that changed: their
   * old results go, the other files' stay, so the count stays the stage's.
   */
  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    const rerun = new Set(specifications.map((s) => relative(process.cwd(), s.moduleId)));
    this.results = this.results.filter((r) => !rerun.has(r.file));
    this.startedAt = new Date().toISOString();
  }

  /** A file starting is progress too: its set-up may take a while before the first checkpoint. */
  onTestModuleStart(): void {
    this.save({});
  }

  /** Saved as each checkpoint starts and ends: a run stopped from outside (a time limit) still leaves what it finished, and what it was doing. */
  onTestCaseReady(testCase: TestCase): void {
    this.save({ running: { file: relative(process.cwd(), testCase.module.moduleId), title: testCase.name } });
  }

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    // `--only` (BARE_ONLY): the checkpoints it left out are not part of this run at all.
    if (process.env.BARE_ONLY && result.state === 'skipped' && testCase.options.mode === 'skip') return;
    const file = relative(process.cwd(), testCase.module.moduleId);
    const entry: CheckpointResult = {
      stage: stageOf(file),
      file,
      title: testCase.name,
      fullName: testCase.fullName,
      state: result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped',
      durationMs: Math.round(testCase.diagnostic()?.duration ?? 0),
    };
    if (result.state === 'failed') entry.message = result.errors?.map((e) => plain(e)).join('\n') ?? 'failed';
    if (result.state === 'skipped') entry.note = result.note ?? 'skipped';
    this.results.push(entry);
    this.save({});
    if (brief) return;
    const mark = entry.state === 'passed' ? green('✓') : entry.state === 'failed' ? red('✗') : yellow('–');
    const todo = entry.state === 'failed' ? /^Not written yet: (\d+\.\d+)/.exec(entry.message ?? '')?.[1] : undefined;
    const extra = entry.state === 'skipped' ? yellow(`  (not run: ${this.firstTime(entry.note ?? 'skipped')})`) : dim(`  ${(entry.durationMs / 1000).toFixed(1)}s${todo ? ` — TODO ${todo} not written yet` : ''}`);
    process.stdout.write(`  ${mark} ${entry.stage} · ${entry.title}${extra}\n`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const errors = unhandled.map((e) => plain(e));
    // A file that failed to load (a syntax error, a missing export) has no test results at all.
    for (const module of modules) {
      for (const error of module.errors()) {
        errors.push(`${relative(process.cwd(), module.moduleId)} did not load: ${plain(error)}`);
      }
    }
    const failed = this.results.filter((r) => r.state === 'failed');
    if (failed.length > 0 && !brief) {
      // Each failure already has its line above; the first one in full is where to start.
      const shown = all ? failed : failed.slice(0, 1);
      process.stdout.write(`\n${red(all || failed.length === 1 ? 'What is still missing' : 'What is still missing — the first failure')}\n`);
      for (const f of shown) process.stdout.write(`\n${red('✗')} ${f.stage} · ${f.title}\n${indent(f.message ?? '')}\n`);
      if (shown.length < failed.length) {
        process.stdout.write(dim(`\n  ${failed.length - shown.length} more failing, one line each above; --all shows every message, --only <TODO id or words> runs just some.\n`));
      }
    }
    for (const e of errors) process.stdout.write(`\n${red('Error outside the checkpoints:')}\n${indent(e)}\n`);
    const { passed, skipped } = count(this.results);
    if (this.results.length === 0 && errors.length > 0) {
      process.stdout.write(`\n${red('●')} No checkpoint could run: fix the error above first.\n`);
    } else process.stdout.write(`\n${passed === this.results.length && errors.length === 0 ? green('●') : red('●')} ${passed} of ${this.results.length} checkpoints pass${skipped ? `, ${skipped} not run` : ''}\n`);

    this.save({ errors, finished: true });
  }

  /** The reason the first time it comes; after that a pointer to it. */
  private firstTime(reason: string): string {
    if (this.reasonsShown.has(reason)) return 'the same reason as above';
    this.reasonsShown.add(reason);
    return reason;
  }

  private save(extra: Partial<RunResults>): void {
    const file = process.env.BARE_RESULTS_FILE;
    if (!file) return;
    const run: RunResults = { target: process.env.BARE_TARGET ?? 'labs', startedAt: this.startedAt, results: this.results, errors: [], finished: false, ...extra };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  }
}

/**
 * Error names that say nothing to a learner: the checkpoint's own words follow
 * (StopWaiting: a wait that ended early says why in its message).
 * (A TypeError or a RangeError their code threw keeps its name: that is news.)
 */
const quietNames = new Set(['Error', 'NotImplementedError', 'AssertionError', 'StopWaiting']);

/** The message without ANSI colours, trimmed to what helps: the checkpoint's hint comes first. */
export function plain(error: Pick<SerializedError, 'message' | 'name'>): string {
  const message = (error.message ?? String(error)).replace(/\u001b\[[0-9;]*m/g, '');
  const name = error.name && !quietNames.has(error.name) ? `${error.name}: ` : '';
  return `${name}${message}`.trim();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
