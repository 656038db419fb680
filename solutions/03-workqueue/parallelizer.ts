/**
 * client-go's workqueue.ParallelizeUntil (util/workqueue/parallelizer.go),
 * for promises: runs doWorkPiece(0 … pieces-1) with at most `workers` running
 * at once, and resolves when all have finished.
 *
 * Given code, not a TODO. Used where one reconcile has many independent
 * writes (a mirror per namespace): sequentially they cost one round trip each;
 * a few in flight cost a few times less, while the API server still sees a
 * bounded number of requests from us.
 *
 * Unlike the Go one, a piece may fail: after the first error no further piece
 * starts, the running ones finish, and that first error is thrown — the caller
 * (a reconcile) is retried as a whole. An aborted `signal` also stops handing
 * out pieces.
 */
export async function parallelizeUntil(
  workers: number,
  pieces: number,
  doWorkPiece: (piece: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`parallelizeUntil: workers must be a whole number ≥ 1, got ${workers}`);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (next < pieces && !failed && !signal?.aborted) {
      const piece = next++;
      try {
        await doWorkPiece(piece);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, pieces) }, worker));
  if (failed) throw failed.error;
}
