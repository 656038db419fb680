import { loadYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { autogradingJson } from './autograding-json.js';
import { classroomSteps } from './steps.js';
import { classroomWorkflow } from './workflow.js';
import { stages } from '../course/course.js';

type Step = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = { jobs: Record<string, { steps: Step[] }> };

const available = stages.filter((s) => s.available);
const counts = new Map(available.map((s) => [s.dir, s.number + 10]));

describe('npm run classroom', () => {
  it('writes one grader step per stage running npm run lab:N, with the points of the course description, and reports them all', () => {
    const steps = classroomSteps(counts);
    const workflow = loadYaml(classroomWorkflow(steps)) as Workflow;
    const all = workflow.jobs['run-autograding-tests']!.steps;
    const graders = all.filter((s) => s.uses?.startsWith('classroom-resources/autograding-command-grader@'));
    expect(graders.map((s) => s.id)).toEqual(available.map((s) => `stage-${s.number}`));
    expect(graders.map((s) => String(s.with!.command))).toEqual(available.map((s) => (s.node ? `sudo -E env "PATH=$PATH" npm run lab:${s.number}` : `npm run lab:${s.number}`)));
    // One per checkpoint unless the course description says otherwise.
    const declared = (s: (typeof available)[number]) => (s as typeof s & { points?: number }).points;
    expect(graders.map((s) => s.with!['max-score'])).toEqual(available.map((s) => declared(s) ?? s.number + 10));

    const reporter = all.at(-1)!;
    expect(reporter.uses).toMatch(/^classroom-resources\/autograding-grading-reporter@/);
    expect(String(reporter.with!.runners).split(',')).toEqual(graders.map((s) => s.id));
    expect(Object.keys(reporter.env!)).toEqual(graders.map((s) => `${s.id!.toUpperCase()}_RESULTS`));
    // Set-up comes before any grading.
    expect(all.findIndex((s) => s.run === 'npm ci --no-audit --no-fund')).toBeLessThan(all.indexOf(graders[0]!));
  });

  it('writes the same tests as autograding.json', () => {
    const steps = classroomSteps(counts, available.slice(0, 3));
    const json = JSON.parse(autogradingJson(steps)) as { tests: Array<{ name: string; run: string; points: number }> };
    expect(json.tests.map((t) => [t.run, t.points])).toEqual(steps.map((s) => [s.command, s.points]));
  });
});
