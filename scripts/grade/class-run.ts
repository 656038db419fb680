/**
 * Grades learners: checks each copy, plans each stage, runs what must run on
 * one shared cluster (each learner × stage its own confined, limited process),
 * and gathers the grades. Writes nothing into the workbook; reports are the
 * caller's.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listCheckpoints, type CatalogueEntry } from './catalogue.js';
import { classCluster, type ClassCluster } from './class-cluster.js';
import { checkContainment } from './containment.js';
import type { Learner } from './learners.js';
import type { LearnerGrade, SimilarPair, StageGrade } from './model.js';
import { planStage, ungraded } from './plan.js';
import type { Limits } from './run-limited.js';
import { runStage } from './run-stage.js';
import { sandboxLayers, sandboxSummary } from './sandbox.js';
import { schedule, type Task } from './schedule.js';
import { similarPairs } from './similarity.js';
import { createWorkspace, placeLearner } from './workspace.js';
import type { Stage } from '../course/course.js';

export interface ClassRunOptions {
  stages: Stage[];
  jobs: number;
  limits: (stage: Stage) => Limits;
  /** Where each learner's logs are kept: <logsDir>/learners/<learner>/stage-N.log. */
  logsDir: string;
  log: (line: string) => void;
}

export interface ClassRun {
  learners: LearnerGrade[];
  cluster: string;
  safety: string;
  similar: SimilarPair[];
}

/**
 * Later stages whose checkpoints never start the mirror controller: none now.
 * Stage 5's run the learner's elected controller, and a learner whose mirrors
 * ignore the instance label would clean up another learner's.
 */
const sharesTheCluster = new Set<string>();

/**
 * One learner at a time: stages whose checkpoints run the mirror controller,
 * which watches the whole cluster (two at once would mirror, and clean up,
 * each other's ConfigMaps), and stage 8 with the single node.
 */
export const runsAlone = (stage: Stage) => stage.node === true || (stage.cluster && stage.number >= 4 && !sharesTheCluster.has(stage.dir));

export async function gradeLearners(learners: Learner[], options: ClassRunOptions): Promise<ClassRun> {
  const { stages, log } = options;
  const workspace = createWorkspace();
  let cluster: ClassCluster | undefined;
  try {
    log(`Listing the checkpoints of stage ${stages.map((s) => s.number).join(', ')}…`);
    const catalogue = await listCheckpoints(stages.map((s) => s.dir));
    const of = (stage: Stage): CatalogueEntry[] => catalogue.filter((c) => c.stage === stage.dir);

    const spaces = learners.map((learner) => ({ learner, space: placeLearner(workspace, learner) }));
    const grades = new Map<string, StageGrade>();
    const tasks: Task<void>[] = [];
    const toRun: Stage[] = [];
    for (const { learner, space } of spaces) {
      const containment = checkContainment(learner.root);
      for (const stage of stages) {
        const plan = planStage(stage, learner.root, containment, of(stage));
        if (!plan.run) {
          grades.set(`${learner.name}/${stage.number}`, plan.grade);
          log(`  ${learner.name} · ${stage.dir}: ${plan.grade.reason}`);
          continue;
        }
        toRun.push(stage);
        tasks.push({
          alone: runsAlone(stage),
          run: async () => {
            // Whatever goes wrong with one run (a file it left that cannot be read, a sandbox that would not start)
            // is that run's 0 with the reason: the others' grades and the reports are still written.
            const grade = await runStage({ stage, space, catalogue: of(stage), clusterInfo: stage.cluster ? JSON.stringify(cluster!.info) : undefined, limits: options.limits(stage), workspace: workspace.dir }).catch((error: Error) =>
              ungraded(stage, of(stage), 'stopped', `the grader could not run it: ${error.message.split('\n')[0]}`),
            );
            grades.set(`${learner.name}/${stage.number}`, grade);
            const passed = grade.checkpoints.filter((c) => c.state === 'passed').length;
            log(`  ${learner.name} · ${stage.dir}: ${passed}/${grade.checkpoints.length}${grade.reason ? ` — ${grade.reason}` : ''}  (${(grade.durationMs / 1000).toFixed(0)}s)`);
          },
        });
      }
    }

    if (toRun.some((s) => s.cluster)) {
      const needNode = toRun.some((s) => s.node);
      log('Starting one cluster for the class…');
      cluster = await classCluster(needNode, log);
    }
    const { missing } = sandboxLayers();
    log(`Running ${tasks.length} checkpoint run${tasks.length === 1 ? '' : 's'}, ${options.jobs} at a time, ${missing.length === 0 ? 'each in its own sandbox' : `NOT sandboxed: ${missing.join('; ')}`}…`);
    await schedule(tasks, options.jobs);

    const similar = compareCopies(learners, stages, log);
    for (const { learner, space } of spaces) keepLogs(space.out, join(options.logsDir, 'learners', learner.name));
    return {
      learners: learners.map((learner) => {
        const stageGrades = stages.map((stage) => grades.get(`${learner.name}/${stage.number}`)!);
        const total = (pick: (g: StageGrade) => number) => Math.round(stageGrades.reduce((sum, g) => sum + pick(g), 0) * 100) / 100;
        return { name: learner.name, source: learner.source, stages: stageGrades, points: total((g) => g.points), maxPoints: total((g) => g.maxPoints) };
      }),
      similar,
      cluster: cluster ? cluster.info.description : 'none (no stage that ran needed one)',
      safety: `imports checked statically; each learner × stage run from a copy outside the workbook, ${sandboxSummary(toRun.some((s) => s.node === true))}`,
    };
  } finally {
    await cluster?.stop();
    workspace.remove();
  }
}

function keepLogs(from: string, to: string): void {
  const logs = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.log')) : [];
  if (logs.length === 0) return;
  mkdirSync(to, { recursive: true });
  for (const file of logs) cpSync(join(from, file), join(to, file));
}

/** Copies flagged per stage (similarity.ts), from the folders as handed in; a failure here costs the signal, never the grades. */
function compareCopies(learners: Learner[], stages: Stage[], log: (line: string) => void): SimilarPair[] {
  try {
    const pairs = stages.flatMap((stage) => similarPairs(stage, learners.map((l) => ({ name: l.name, root: l.root }))));
    if (pairs.length > 0) log(`Similar code (a signal to look at, not a verdict): ${pairs.length} pair${pairs.length === 1 ? '' : 's'}, in the report.`);
    return pairs;
  } catch (error) {
    log(`The similarity check failed, grades are unaffected: ${(error as Error).message}`);
    return [];
  }
}
