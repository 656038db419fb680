import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs checkpoint files in the order of their paths (stage 01 before 02,
 * `1-list-watch` before `2-reflector`), the order a learner works in,
 * instead of vitest's default of slowest-first.
 */
export class PathOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
