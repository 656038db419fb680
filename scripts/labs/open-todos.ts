import { join } from 'node:path';
import type { Stage, Todo } from '../course/course.js';
import { stageTodos } from '../workbook/skeleton-files.js';
import { stageRegions } from './stage-regions.js';
import { labsDir } from '../workbook/paths.js';

/**
 * The course TODOs of a stage still open in the learner's folder: those whose
 * stub is still there — or the stub of the region around theirs, as 1.5 sits
 * inside 1.3's `run()` and has no stub of its own in the skeleton.
 */
export function openTodos(stage: Stage, labs = labsDir): Todo[] {
  const stubs = new Set(stageTodos(join(labs, stage.dir)).keys());
  const standsFor = new Map<string, Set<string>>();
  for (const { region, outermost } of stageRegions(stage.dir)) {
    standsFor.set(region.id, (standsFor.get(region.id) ?? new Set()).add(outermost));
  }
  return stage.todos.filter((t) => stubs.has(t.id) || [...(standsFor.get(t.id) ?? [])].some((id) => stubs.has(id)));
}
