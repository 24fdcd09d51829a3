import { formatEther } from 'viem';
import { getTask } from '../../chain/actions/getTask.ts';
import { getTaskHistory } from '../../chain/actions/getTaskHistory.ts';
import { type Command, toJson } from '../args.ts';
import { apiSdk, parseId, readChain, readChainHelp, readChainOptions } from '../readChain.ts';
import { showQuorumTask } from './task-show-quorum.ts';

export const taskShow: Command = {
  name: 'task show',
  summary: 'Show one task: its state, claim, challenge window, disputes and payouts, from the chain.',
  usage: 'vouch task show <taskId> (--rpc <url> --deployment-dir <dir> [--mode quorum] | --api <url>) [--json]',
  options: { ...readChainOptions, mode: { type: 'string' } },
  help: `
Reads the task's current state and its events (created, inputs, claimed, disputed, finalized
or rejected, ERC-8004 validation published). Exit code 1 if the task does not exist.

Options:${readChainHelp}
      --mode quorum           Show a QuorumTasks task (its own id space): state, seats, outcome.`,
  async run({ values, positionals }) {
    const taskId = parseId(positionals, 'task id');
    const sdk = apiSdk(values);
    if (sdk) {
      const view = await sdk.getTask(taskId);
      if (values.json) process.stdout.write(`${toJson(view)}\n`);
      else {
        const lines = [`task ${view.taskId}: ${view.status}`, `  model      ${view.modelId}`, `  requester  ${view.requester}`, `  fee        ${formatEther(BigInt(view.fee))} VOUCH`];
        if (view.claim) lines.push(`  worker     ${view.claim.worker}`, `  output     ${view.claim.outputHash}${view.claim.label === undefined ? '' : ` (label ${view.claim.label})`}`);
        if (view.gameId) lines.push(`  dispute    #${view.gameId}`);
        if (view.validation) lines.push(`  ERC-8004   response ${view.validation.response}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return;
    }
    const { client, deployment } = await readChain(values);
    if (values.mode === 'quorum') return showQuorumTask({ client, deployment }, taskId, values.json === true);
    const { tasks, disputeGame } = deployment.addresses;
    const [task, history] = await Promise.all([
      getTask(client, { tasks, taskId }),
      getTaskHistory(client, { tasks, disputeGame, taskId, fromBlock: BigInt(deployment.fromBlock) }),
    ]);
    const events = history.events.map((e) => ({ event: e.eventName, block: Number(e.blockNumber), tx: e.transactionHash, ...(e.args as object) }));
    const created = events.find((e) => e.event === 'TaskCreated') as { fee?: bigint; requester?: string } | undefined;
    const claimed = events.find((e) => e.event === 'TaskClaimed') as { worker?: string; outputHash?: string; traceRoot?: string } | undefined;
    if (values.json) {
      process.stdout.write(`${toJson({ taskId, state: task.state, modelId: task.modelId, ...task.windowStart > 0 ? { windowEnd: task.windowStart + task.challengeWindow } : {}, gameIds: history.gameIds, events })}\n`);
      return;
    }
    const lines = [`task ${taskId}: ${task.state}`, `  model      ${task.modelId}`];
    if (created) lines.push(`  requester  ${created.requester}`, `  fee        ${formatEther(created.fee ?? 0n)} VOUCH`);
    if (claimed) lines.push(`  worker     ${claimed.worker}`, `  output     ${claimed.outputHash}`, `  trace root ${claimed.traceRoot}`);
    if (task.state === 'challengeable') lines.push(`  window     open until ${new Date((task.windowStart + task.challengeWindow) * 1000).toISOString()} (chain time)`);
    if (history.gameIds.length) lines.push(`  disputes   ${history.gameIds.map((g) => `#${g}`).join(', ')} (vouch dispute show <id>)`);
    lines.push('  events:');
    for (const e of events) lines.push(`    block ${e.block}  ${describe(e)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

function describe(e: Record<string, unknown>): string {
  const eth = (v: unknown) => `${formatEther(v as bigint)} VOUCH`;
  switch (e.event) {
    case 'TaskFinalized': return `TaskFinalized: worker paid ${eth(e.workerAmount)}, protocol fee ${eth(e.protocolFee)}`;
    case 'TaskRejected': return `TaskRejected: worker ${e.worker} slashed ${eth(e.slashed)} by ${e.challenger}`;
    case 'TaskCancelled': return `TaskCancelled: refund ${eth(e.refund)}`;
    case 'GameOpened': return `GameOpened: game #${e.gameId} by ${e.challenger}`;
    case 'GameResolved': return `GameResolved: game #${e.gameId}, ${Number(e.winner) === 0 ? 'worker' : 'challenger'} won`;
    case 'ValidationPublished': return `ValidationPublished: ERC-8004 response ${e.response}`;
    default: return String(e.event);
  }
}
