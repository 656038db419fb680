/**
 * Runs grading tasks `jobs` at a time, where some tasks must never overlap
 * each other (`alone`): they still run beside the others, one at a time, and
 * take the lane whenever it frees so the class does not end on a long queue
 * of them.
 */
export interface Task<T> {
  alone: boolean;
  run: () => Promise<T>;
}

export async function schedule<T>(tasks: Task<T>[], jobs: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  const waiting = tasks.map((task, index) => ({ task, index }));
  let running = 0;
  let aloneRunning = false;
  return new Promise((resolve, reject) => {
    const next = () => {
      if (waiting.length === 0 && running === 0) return resolve(results);
      while (running < Math.max(1, jobs)) {
        const pick = waiting.findIndex(({ task }) => task.alone && !aloneRunning);
        const index = pick >= 0 ? pick : waiting.findIndex(({ task }) => !task.alone);
        if (index < 0) return;
        const [{ task, index: slot }] = waiting.splice(index, 1) as [{ task: Task<T>; index: number }];
        running++;
        if (task.alone) aloneRunning = true;
        task.run().then(
          (value) => {
            results[slot] = value;
            running--;
            if (task.alone) aloneRunning = false;
            next();
          },
          reject,
        );
      }
    };
    next();
  });
}
