import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;

export type LauncherEvent = { kind: string; [field: string]: unknown };

/** `vouch network up --json` as its own process, its JSON events collected as they come. */
export type Launcher = {
  proc: ChildProcess;
  events: LauncherEvent[];
  /** Resolves with the first event `match` accepts (rejects if the launcher exits first or after timeoutMs). */
  waitFor(match: (e: LauncherEvent) => boolean, timeoutMs?: number): Promise<LauncherEvent>;
  /** Every process below the launcher right now (agents, anvil), found through /proc's parent links. */
  descendants(): number[];
  /** SIGINT (Ctrl-C) and wait for the exit code. */
  interrupt(timeoutMs?: number): Promise<number | null>;
  stderr(): string;
};

export function runLauncher(args: string[]): Launcher {
  const proc = spawn(process.execPath, [BIN, 'network', 'up', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: LauncherEvent[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    events.push(JSON.parse(line) as LauncherEvent);
    for (const w of waiters) w();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    events,
    stderr: () => stderr,
    waitFor(match, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(match);
          if (!hit) return false;
          done();
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching launcher event within ${timeoutMs} ms; last events: ${JSON.stringify(events.slice(-5))}\n${stderr.slice(-2000)}`));
        }, timeoutMs);
        const onExit = () => {
          done();
          reject(new Error(`the launcher exited (code ${proc.exitCode}): ${stderr.slice(-3000)}`));
        };
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
          proc.removeListener('exit', onExit);
        };
        if (check()) return;
        waiters.add(check);
        proc.once('exit', onExit);
      });
    },
    descendants() {
      const out: number[] = [];
      let frontier = [proc.pid!];
      while (frontier.length) {
        const next: number[] = [];
        for (const pid of frontier) {
          let children = '';
          try {
            children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
          } catch {
            // ps exits 1 when there is none
          }
          for (const c of children.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0)) next.push(c);
        }
        out.push(...next);
        frontier = next;
      }
      return out;
    },
    async interrupt(timeoutMs = 60_000) {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGINT');
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** True while a process with this pid exists (zombies of other parents aside). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line of a process, for messages ('' once it is gone). */
export function commandOf(pid: number): string {
  try {
    return `${pid} ${execFileSync('ps', ['-o', 'stat=,cmd=', '-p', String(pid)], { encoding: 'utf8' }).trim()}`;
  } catch {
    return `${pid} (gone)`;
  }
}
