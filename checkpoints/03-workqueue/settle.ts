/** Lets pending promise callbacks run, so a test can see whether a get() has resolved. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Wraps a promise so a test can ask synchronously whether it has resolved yet. */
export function track<T>(promise: Promise<T>): { done: () => boolean; value: () => T | undefined } {
  let resolved = false;
  let value: T | undefined;
  promise.then((v) => {
    resolved = true;
    value = v;
  });
  return { done: () => resolved, value: () => value };
}
