import { VouchError } from '../errors.ts';
import { helpText, parseCommandArgs, type Command } from './args.ts';
import { UsageError } from './cli-error.ts';
import { agentStart } from './commands/agent-start.ts';
import { chainUp } from './commands/chain-up.ts';
import { conformance } from './commands/conformance.ts';
import { disputeList, disputeShow } from './commands/dispute.ts';
import { modelEval } from './commands/model-eval.ts';
import { modelImport } from './commands/model-import.ts';
import { modelInspect } from './commands/model-inspect.ts';
import { modelRun } from './commands/model-run.ts';
import { networkUp } from './commands/network-up.ts';
import { taskShow } from './commands/task-show.ts';
import { taskSubmit } from './commands/task-submit.ts';

const commands: Command[] = [modelImport, modelRun, modelInspect, modelEval, conformance, chainUp, agentStart, taskSubmit, taskShow, disputeList, disputeShow, networkUp];

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'vouch: verifiable off-chain AI inference (deterministic int8 runtime, commitments, disputes).',
    '',
    'Usage: vouch <command> [options]   (vouch <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/** Runs the CLI on argv (without node and script); returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const cmd = commands.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!cmd) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      process.stdout.write(topHelp());
      return argv.length === 0 ? 2 : 0;
    }
    process.stderr.write(`vouch: unknown command '${argv.join(' ')}'\n\n${topHelp()}`);
    return 2;
  }
  const rest = argv.slice(cmd.name.split(' ').length);
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      process.stdout.write(helpText(cmd));
      return 0;
    }
    await cmd.run(args);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`vouch ${cmd.name}: ${e.shortMessage}\n\n${helpText(cmd)}`);
      return 2;
    }
    if (e instanceof VouchError) {
      process.stderr.write(`vouch ${cmd.name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) process.exitCode = await main(process.argv.slice(2));
