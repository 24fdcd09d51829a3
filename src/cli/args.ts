import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error.ts';

export type Command = {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Lines of help below the usage line. */
  help: string;
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<void> | void;
};

/** Parses a command's argv strictly: unknown flags are usage errors, not ignored. */
export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { ...cmd.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function helpText(cmd: Command): string {
  return `Usage: ${cmd.usage}\n\n${cmd.summary}\n\n${cmd.help.trim()}\n`;
}

/** Progress on stderr (never on stdout, which scripts may parse), one updating line on a TTY. */
export function progress(label: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === last && done !== total) return;
    last = pct;
    if (tty) process.stderr.write(`\r${label}: ${done}/${total} (${pct}%)${done === total ? '\n' : ''}`);
    else if (done === total || pct % 25 === 0) process.stderr.write(`${label}: ${done}/${total}\n`);
  };
}

/** JSON with bigints as decimal strings (what --json prints). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
