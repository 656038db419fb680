/** One timed step of a cluster start; starts and ends are ms since the start began. */
export interface Phase {
  name: string;
  startMs: number;
  endMs: number;
}

/**
 * Times the phases of a cluster start. Phases may overlap (two processes
 * starting at once), so each keeps its own start and end rather than a duration
 * since the previous mark.
 */
export class PhaseTimer {
  private readonly origin = performance.now();
  readonly phases: Phase[] = [];

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const startMs = performance.now() - this.origin;
    try {
      return await work();
    } finally {
      this.phases.push({ name, startMs, endMs: performance.now() - this.origin });
    }
  }
}
