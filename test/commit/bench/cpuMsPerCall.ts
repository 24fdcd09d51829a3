/**
 * Milliseconds of this process's CPU time (user + system) per call of `fn`, after `warmup`
 * calls, looping for at least `minMs` of wall time. CPU time, not wall time, so results stay
 * comparable on a shared, loaded machine (the measured code is single-threaded).
 */
export function cpuMsPerCall(fn: () => void, minMs: number, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  let runs = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    runs++;
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / runs;
}
