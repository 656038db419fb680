import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { skeletonFiles } from '../workbook/skeleton-files.js';
import { parseRegions, type Region, type Segment } from './regions.js';
import { solutionsDir } from '../workbook/paths.js';

export interface PlacedRegion {
  /** The file inside the stage folder. */
  file: string;
  region: Region;
  /** The id of the outermost region around it (its own when it is outermost): whose stub stands for it in labs/. */
  outermost: string;
}

/** Every lesson region of a stage's solution, nested ones too, with where it sits. */
export function stageRegions(dir: string, from = solutionsDir): PlacedRegion[] {
  return skeletonFiles(join(from, dir)).flatMap((file) => {
    const placed: PlacedRegion[] = [];
    const walk = (segments: Segment[], outermost: string | undefined) => {
      for (const s of segments) {
        if (s.kind !== 'region') continue;
        placed.push({ file, region: s, outermost: outermost ?? s.id });
        walk(s.children, outermost ?? s.id);
      }
    };
    walk(parseRegions(posix.join(dir, file), readFileSync(join(from, dir, file), 'utf8')), undefined);
    return placed;
  });
}
