import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { VouchError } from '../errors.ts';

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;

export type SpawnAgentParameters = {
  name: string;
  /** Arguments after `vouch agent start` (--json is added). */
  args: readonly string[];
  /** Every JSON event line of the agent. */
  onEvent?: (event: AgentEvent) => void;
  /** How long to wait for its `started` event (default 120 s: registration and bonding are transactions). */
  startTimeoutMs?: number;
};

export type AgentEvent = { t: string; event: string; [field: string]: unknown };

export type SpawnedAgent = {
  name: string;
  pid: number;
  /** The A2A base URL from its `started` event. */
  url: string;
  agentId: string;
  account: `0x${string}`;
  /** SIGTERM (the agent finishes its tick and closes its database), SIGKILL after `graceMs` (default 10 s). Resolves on exit. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
};

/** The agent process exited before it started, or did not start in time. */
export class AgentStartError extends VouchError {
  override readonly name = 'AgentStartError';
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Runs `vouch agent start ... --json` as its own process (its own process group, so a Ctrl-C on
 * the terminal reaches the launcher only, which stops the agents before the chain). Children
 * still running when this process exits are killed then.
 */
export function spawnAgent(p: SpawnAgentParameters): Promise<SpawnedAgent> {
  const child = spawn(process.execPath, [BIN, 'agent', 'start', ...p.args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    })());

  return new Promise<SpawnedAgent>((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      void stop(0);
      reject(new AgentStartError(`agent ${p.name} did not start within ${(p.startTimeoutMs ?? 120_000) / 1000} s`, { details: stderr.slice(-2000) }));
    }, p.startTimeoutMs ?? 120_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      let e: AgentEvent;
      try {
        e = JSON.parse(line) as AgentEvent;
      } catch {
        return;
      }
      p.onEvent?.(e);
      if (e.event === 'started' && !started) {
        started = true;
        clearTimeout(timer);
        resolve({ name: p.name, pid: child.pid!, url: e.url as string, agentId: String(e.agentId), account: e.account as `0x${string}`, stop, exited });
      }
    });
    void exited.then((code) => {
      if (started) return;
      clearTimeout(timer);
      reject(new AgentStartError(`agent ${p.name} exited (code ${code}) before it started`, { details: stderr.slice(-2000) }));
    });
  });
}
