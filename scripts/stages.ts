/** The workbook's stages, in order: a view of the course description (scripts/course.ts), kept for the scripts that only need the stages. */
export { stageByNumber, stages, type Stage } from './course.js';
