import { formatEther } from 'viem';
import { quorumTasksAbi } from '../../chain/abis/QuorumTasks.ts';
import { getQuorumTask } from '../../chain/actions/getQuorumTask.ts';
import type { ReadChain } from '../readChain.ts';
import { toJson } from '../args.ts';

/** `vouch task show <id> --mode quorum`: a QuorumTasks task, its seats and its events. */
export async function showQuorumTask({ client, deployment }: ReadChain, taskId: bigint, json: boolean): Promise<void> {
  const { quorumTasks } = deployment.addresses;
  const task = await getQuorumTask(client, { quorumTasks, taskId });
  const logs = await client.public.getContractEvents({ address: quorumTasks, abi: quorumTasksAbi, fromBlock: BigInt(deployment.fromBlock) });
  const events = logs
    .filter((l) => (l.args as { taskId?: bigint }).taskId === taskId)
    .map((l) => ({ event: l.eventName, block: Number(l.blockNumber), tx: l.transactionHash, ...(l.eventName === 'QuorumTaskInputs' ? {} : (l.args as object)) }));
  if (json) {
    process.stdout.write(`${toJson({ mode: 'quorum', ...task, events })}\n`);
    return;
  }
  const lines = [
    `quorum task ${taskId}: ${task.state}`,
    `  model      ${task.modelId}`,
    `  requester  ${task.requester}`,
    `  fee        ${formatEther(task.fee)} VOUCH, committee ${task.size}, seat stake ${formatEther(task.memberStake)} VOUCH`,
  ];
  if (task.state === 'finalized') lines.push(`  result     ${task.result}`);
  task.seats.forEach((s, i) => lines.push(`  seat ${i}     ${s.member} ${s.phase}`));
  lines.push('  events:');
  for (const e of events) {
    const a = e as Record<string, unknown>;
    const detail = e.event === 'MemberSlashed' ? `: seat ${a.seat} slashed ${formatEther(a.amount as bigint)} VOUCH${a.revealed ? ' (deviant)' : ' (silent)'}`
      : e.event === 'QuorumFinalized' ? `: ${a.majority} in the majority, ${formatEther(a.share as bigint)} VOUCH each`
      : e.event === 'QuorumRefunded' ? `: ${formatEther(a.fee as bigint)} VOUCH back to the requester`
      : e.event === 'ValidationPublished' ? `: ERC-8004 response ${a.response}` : '';
    lines.push(`    block ${e.block}  ${e.event}${detail}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
