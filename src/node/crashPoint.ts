import { writeSync } from 'node:fs';

const reached = new Map<string, number>();

/**
 * Test-only crash injection (docs/node-state.md, "Crash points"): when the environment variable
 * VOUCH_CRASH_AT is `name` (the first time the point is reached) or `name:N` (the Nth time),
 * the process kills itself with SIGKILL right here: a real kill -9, no cleanup, no flush. The
 * restart must then resume from the database and the chain. Without the variable it costs a
 * string compare.
 */
export function crashPoint(name: string): void {
  const target = process.env.VOUCH_CRASH_AT;
  if (!target) return;
  const colon = target.lastIndexOf(':');
  const [at, nth] = colon > 0 && /^\d+$/.test(target.slice(colon + 1)) ? [target.slice(0, colon), Number(target.slice(colon + 1))] : [target, 1];
  if (at !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (count !== nth) return;
  // Synchronous, so the line is out before the signal: the test reads it to know the kill was ours.
  writeSync(2, `vouch: crash point ${name} (#${count}): SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
