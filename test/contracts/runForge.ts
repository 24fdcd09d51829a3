import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { forgeBinary } from './forgeBinary.ts';

export const contractsDir = fileURLToPath(new URL('../../contracts/', import.meta.url));

export type RunForgeResult = { code: number | null; output: string };

/**
 * Runs the native forge with `args` in contracts/, profile `ci` when env CI is set.
 * Output is kept (and streamed to stderr when VOUCH_FORGE_VERBOSE=1).
 */
export function runForge(args: readonly string[]): Promise<RunForgeResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (process.env.CI && !process.env.FOUNDRY_PROFILE) env.FOUNDRY_PROFILE = 'ci';
  return new Promise((resolve, reject) => {
    const child = spawn(forgeBinary(), [...args, '--color', 'never'], { cwd: contractsDir, env });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (process.env.VOUCH_FORGE_VERBOSE === '1') process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
