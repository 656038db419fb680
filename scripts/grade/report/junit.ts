/**
 * A learner's grade as JUnit XML, the format CI systems and LMS importers
 * read: one testsuite per stage, one testcase per checkpoint, and for each
 * failure the checkpoint's own explanation (expected / look at / what happened).
 */
import type { CheckpointGrade, LearnerGrade, StageGrade } from '../model.js';
import { escapeXml as x } from './escape.js';

const seconds = (ms = 0) => (ms / 1000).toFixed(3);

function testcase(stage: StageGrade, checkpoint: CheckpointGrade): string {
  const file = checkpoint.file.split('/').at(-1)!.replace(/\.test\.ts$/, '');
  const open = `    <testcase classname="${x(`${stage.dir}.${file}`)}" name="${x(checkpoint.title)}" file="${x(checkpoint.file)}" time="${seconds(checkpoint.durationMs)}"`;
  const message = checkpoint.message ?? '';
  switch (checkpoint.state) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${x(message)}"/>\n    </testcase>`;
    case 'failed':
    case 'not-run':
      return `${open}>\n      <failure message="${x(message)}" type="${checkpoint.state === 'failed' ? 'checkpoint' : stage.status}">${x(message)}</failure>\n    </testcase>`;
  }
}

function testsuite(learner: string, stage: StageGrade): string {
  const count = (state: CheckpointGrade['state']) => stage.checkpoints.filter((c) => c.state === state).length;
  const properties = [
    ['status', stage.status],
    ['points', String(stage.points)],
    ['maxPoints', String(stage.maxPoints)],
    ...(stage.reason ? [['reason', stage.reason]] : []),
  ];
  return [
    `  <testsuite name="${x(`${stage.dir} · ${stage.title}`)}" package="${x(learner)}" tests="${stage.checkpoints.length}" failures="${count('failed') + count('not-run')}" errors="0" skipped="${count('skipped')}" time="${seconds(stage.durationMs)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${x(name!)}" value="${x(value!)}"/>`),
    '    </properties>',
    ...stage.checkpoints.map((c) => testcase(stage, c)),
    ...(stage.details.length > 0 ? [`    <system-err>${x(stage.details.join('\n'))}</system-err>`] : []),
    '  </testsuite>',
  ].join('\n');
}

export function learnerJunit(learner: LearnerGrade): string {
  const all = learner.stages.flatMap((s) => s.checkpoints);
  const failures = all.filter((c) => c.state === 'failed' || c.state === 'not-run').length;
  const skipped = all.filter((c) => c.state === 'skipped').length;
  const time = learner.stages.reduce((sum, s) => sum + s.durationMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`Bare Controller — ${learner.name}`)}" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`,
    ...learner.stages.map((stage) => testsuite(learner.name, stage)),
    '</testsuites>',
    '',
  ].join('\n');
}
