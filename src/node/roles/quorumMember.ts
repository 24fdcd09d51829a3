import { randomBytes } from 'node:crypto';
import { type Address, bytesToHex, encodeFunctionData, encodePacked, type Hex, isAddressEqual, keccak256, parseEventLogs, toBytes } from 'viem';
import { quorumTasksAbi } from '../../chain/abis/QuorumTasks.ts';
import { validationRegistryAbi } from '../../chain/abis/ValidationRegistry.ts';
import { getQuorumTask, type GetQuorumTaskReturnType } from '../../chain/actions/getQuorumTask.ts';
import { quorumCommitment } from '../../chain/actions/quorumCommitment.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import { canonicalize } from '../../commit/canonical/canonicalize.ts';
import { canonicalSpecFromCode } from '../../commit/canonical/canonicalCode.ts';
import { floatModelId } from '../../commit/floatModelId.ts';
import { sha256 } from '../../commit/sha256.ts';
import { loadFloatModel } from '../../runtime/float/loadFloatModel.ts';
import { runFloat } from '../../runtime/float/runFloat.ts';
import type { FloatModel } from '../../runtime/float/types.ts';
import { type NodeContext, chainNow } from '../context.ts';
import { decodeQuorumInputs } from '../quorum/quorumInputs.ts';
import {
  type QuorumSeat,
  getQuorumSeat,
  markQuorumDrawn,
  openQuorumSeats,
  pendingQuorumDraws,
  recordQuorumDraw,
  recordQuorumSeat,
  saveQuorumResult,
  setQuorumSeatStatus,
} from '../quorum/quorumSeats.ts';
import { advanceSyncCursor } from '../quorum/syncCursor.ts';
import { crashPoint } from '../crashPoint.ts';
import { sendTracked } from '../sendTracked.ts';

/** Blocks a member waits past a task's draw block before drawing itself (the requester draws first). */
const DRAW_GRACE_BLOCKS = 2;
/** Seconds between seats when settling: seat s settles s x this after the task became settleable, so members rarely race. */
const SETTLE_STAGGER_SECONDS = 2;

export type QuorumMemberOptions = {
  /** Float ONNX files this member runs (any model a quorum task names must be among them). */
  modelPaths: readonly string[];
  /** Test mode: probability that a seat commits a wrong result (every liar commits the same wrong hash: they collude). */
  lieRate?: number;
  /** Test mode: commit, then never reveal. */
  silent?: boolean;
  /** Stake reserved for seats when joining the pool (default 5 seats' memberStake). */
  reserve?: bigint;
};

export type QuorumMember = {
  models: ReadonlyMap<string, FloatModel>;
  /** One pass: apply QuorumTasks events, draw due committees, move every open seat. */
  tick(fromBlock: bigint): Promise<void>;
};

/**
 * The quorum role (verification mode 2): loads its float models, joins QuorumTasks' committee
 * pool with stake, then each tick follows QuorumTasks' events (its own cursor in the database),
 * draws committees that are due, and for each seat it holds: runs the model on the task's
 * published inputs, canonicalises the output under the canonicalisation declared on chain,
 * stores result hash and salt, commits, links its ERC-8004 validation, reveals in the reveal
 * window, and settles when due. Every transaction goes through the outbox; every step is
 * derived again from the chain after a restart (the salt comes from the database).
 */
export async function startQuorumMember(ctx: NodeContext, options: QuorumMemberOptions): Promise<QuorumMember> {
  const models = new Map<string, FloatModel>();
  for (const path of options.modelPaths) {
    const model = await loadFloatModel(path);
    models.set(bytesToHex(floatModelId(model.bytes)).toLowerCase(), model);
  }
  await joinPool(ctx, options.reserve);
  const settleableSince = new Map<bigint, number>();
  const linked = new Set<bigint>();
  const member = {
    models,
    async tick(fromBlock: bigint) {
      await syncQuorum(ctx, member, options, fromBlock);
      await drawDue(ctx);
      for (const seat of openQuorumSeats(ctx.store)) {
        await advanceSeat(ctx, member, seat, { settleableSince, linked }).catch((err) =>
          ctx.log('quorum-error', { taskId: seat.taskId, error: (err as Error).message.split('\n')[0] }),
        );
      }
    },
  };
  return member;
}

async function joinPool(ctx: NodeContext, reserve?: bigint): Promise<void> {
  const { quorumTasks } = ctx.addresses;
  const me = ctx.clients.wallet.account.address;
  const read = ctx.clients.public.readContract;
  if (await read({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'inPool', args: [me] })) return;
  const params = await read({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'params' });
  const [reserved, committed] = await read({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'reserveOf', args: [me] });
  const want = reserve ?? 5n * params.memberStake;
  const add = reserved - committed >= want ? 0n : want - (reserved - committed);
  const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'joinPool', args: [add] });
  await sendTracked(ctx, { kind: 'quorum-join', subject: 'pool', to: quorumTasks, data, functionName: 'joinPool' });
  ctx.log('quorum-joined', { reserved: reserved + add, memberStake: params.memberStake });
}

/** Applies QuorumTasks events after the 'quorum' cursor: tasks to draw, our seats, settlements. */
async function syncQuorum(ctx: NodeContext, member: QuorumMember, options: QuorumMemberOptions, fromBlock: bigint): Promise<void> {
  const me = ctx.clients.wallet.account.address;
  await advanceSyncCursor(ctx, 'quorum', fromBlock, async (from, to) => {
    const events = await ctx.clients.public.getContractEvents({ address: ctx.addresses.quorumTasks, abi: quorumTasksAbi, fromBlock: from, toBlock: to });
    for (const e of events) {
      switch (e.eventName) {
        case 'QuorumTaskCreated':
          recordQuorumDraw(ctx.store, e.args.taskId!, e.args.drawBlock!);
          break;
        case 'DrawRescheduled':
          recordQuorumDraw(ctx.store, e.args.taskId!, e.args.newDrawBlock!);
          break;
        case 'CommitteeUnavailable':
          markQuorumDrawn(ctx.store, e.args.taskId!);
          break;
        case 'CommitteeDrawn': {
          const taskId = e.args.taskId!;
          markQuorumDrawn(ctx.store, taskId);
          const seat = e.args.members!.findIndex((m) => isAddressEqual(m, me));
          if (seat < 0 || getQuorumSeat(ctx.store, taskId)) break;
          const task = await getQuorumTask(ctx.clients, { quorumTasks: ctx.addresses.quorumTasks, taskId });
          // The behaviour is chosen once and stored: a restart keeps lying or telling the truth.
          const behaviour = options.silent ? 'silent' : ctx.random() < (options.lieRate ?? 0) ? 'lie' : 'honest';
          recordQuorumSeat(ctx.store, { taskId, seat, canonId: task.canonId, modelId: task.modelId, commitDeadline: Number(e.args.commitDeadline), revealDeadline: Number(e.args.revealDeadline), behaviour });
          ctx.log('quorum-seat', { taskId, seat, modelId: task.modelId, served: member.models.has(task.modelId.toLowerCase()), behaviour });
          break;
        }
        case 'QuorumFinalized':
        case 'QuorumRefunded': {
          const seat = getQuorumSeat(ctx.store, e.args.taskId!);
          if (!seat) break;
          const outcome = e.eventName === 'QuorumRefunded'
            ? (seat.status === 'revealed' ? 'refunded' : 'silent')
            : seat.status === 'revealed' && seat.resultHash === e.args.result ? 'majority' : seat.status === 'revealed' ? 'deviant' : 'silent';
          setQuorumSeatStatus(ctx.store, seat.taskId, e.eventName === 'QuorumFinalized' ? 'finalized' : 'refunded', outcome);
          ctx.log('quorum-settled', { taskId: seat.taskId, seat: seat.seat, status: e.eventName === 'QuorumFinalized' ? 'finalized' : 'refunded', outcome, result: e.eventName === 'QuorumFinalized' ? e.args.result : undefined });
          break;
        }
        case 'MemberSlashed':
          if (isAddressEqual(e.args.member!, me)) ctx.log('quorum-slashed', { taskId: e.args.taskId, seat: e.args.seat, amount: e.args.amount, revealed: e.args.revealed });
          break;
        default:
          break;
      }
    }
  });
}

/** Draws the committees of tasks whose draw block is mined (after a grace that lets the requester draw first). */
async function drawDue(ctx: NodeContext): Promise<void> {
  const due = pendingQuorumDraws(ctx.store);
  if (due.length === 0) return;
  const head = Number(await ctx.clients.public.getBlockNumber({ cacheTime: 0 }));
  for (const { taskId, drawBlock } of due) {
    if (head <= drawBlock + DRAW_GRACE_BLOCKS) continue;
    const state = await ctx.clients.public.readContract({ address: ctx.addresses.quorumTasks, abi: quorumTasksAbi, functionName: 'state', args: [taskId] });
    if (state !== 2 /* Drawable */) {
      if (state > 2) markQuorumDrawn(ctx.store, taskId);
      continue;
    }
    const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'drawCommittee', args: [taskId] });
    try {
      await sendTracked(ctx, { kind: 'quorum-draw', subject: `quorum:${taskId}`, to: ctx.addresses.quorumTasks, data, functionName: 'drawCommittee' });
      ctx.log('quorum-drew', { taskId });
    } catch (err) {
      if (!(err instanceof ContractRevertError)) throw err;
    }
  }
}

type SeatMemory = { settleableSince: Map<bigint, number>; linked: Set<bigint> };

/** Moves one seat as far as the task's state allows this tick. */
async function advanceSeat(ctx: NodeContext, member: QuorumMember, seat: QuorumSeat, memory: SeatMemory): Promise<void> {
  const { quorumTasks } = ctx.addresses;
  const task = await getQuorumTask(ctx.clients, { quorumTasks, taskId: seat.taskId });
  const onChain = task.seats[seat.seat];
  const me = ctx.clients.wallet.account.address;
  if (task.state === 'finalized' || task.state === 'refunded') return; // the settlement event records the outcome
  if (seat.status === 'drawn' && task.state === 'commit') {
    const resultHash = await computeResult(ctx, member, seat, task);
    if (!resultHash) {
      setQuorumSeatStatus(ctx.store, seat.taskId, 'unavailable');
      return;
    }
    const chosen = seat.behaviour === 'lie' ? lieAbout(resultHash) : resultHash;
    if (seat.behaviour === 'lie') ctx.log('quorum-lie', { taskId: seat.taskId, honest: resultHash, committed: chosen });
    // The salt is in the database before the commitment leaves: the reveal can always open it.
    saveQuorumResult(ctx.store, seat.taskId, chosen, bytesToHex(randomBytes(32)));
    crashPoint('quorum.result-saved');
    seat = getQuorumSeat(ctx.store, seat.taskId)!;
  }
  if (seat.status === 'computed' && seat.resultHash && seat.salt) {
    const commitment = quorumCommitment({ resultHash: seat.resultHash, salt: seat.salt, member: me });
    if (onChain.phase === 'committed' && onChain.hash === commitment) {
      setQuorumSeatStatus(ctx.store, seat.taskId, 'committed');
    } else if (onChain.phase === 'drawn' && task.state === 'commit') {
      const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'commit', args: [seat.taskId, BigInt(seat.seat), commitment] });
      const sent = await sendTracked(ctx, { kind: 'quorum-commit', subject: `quorum:${seat.taskId}`, to: quorumTasks, data, functionName: 'commit' });
      setQuorumSeatStatus(ctx.store, seat.taskId, 'committed');
      ctx.log('quorum-committed', { taskId: seat.taskId, seat: seat.seat, commitment, tx: sent.hash, gasUsed: sent.receipt.gasUsed });
    } else {
      return;
    }
    seat = getQuorumSeat(ctx.store, seat.taskId)!;
  }
  if ((seat.status === 'committed' || seat.status === 'revealed') && !memory.linked.has(seat.taskId) && ['commit', 'reveal', 'settleable'].includes(task.state)) {
    await linkValidation(ctx, seat, quorumTasks);
    memory.linked.add(seat.taskId);
  }
  if (seat.status === 'committed' && task.state === 'reveal' && seat.behaviour !== 'silent') {
    if (onChain.phase === 'revealed') {
      setQuorumSeatStatus(ctx.store, seat.taskId, 'revealed');
    } else {
      const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'reveal', args: [seat.taskId, BigInt(seat.seat), seat.resultHash!, seat.salt!] });
      const sent = await sendTracked(ctx, { kind: 'quorum-reveal', subject: `quorum:${seat.taskId}`, to: quorumTasks, data, functionName: 'reveal' });
      setQuorumSeatStatus(ctx.store, seat.taskId, 'revealed');
      ctx.log('quorum-revealed', { taskId: seat.taskId, seat: seat.seat, resultHash: seat.resultHash, tx: sent.hash, gasUsed: sent.receipt.gasUsed });
    }
    return;
  }
  if (task.state === 'settleable') {
    const now = await chainNow(ctx);
    const since = memory.settleableSince.get(seat.taskId) ?? now;
    memory.settleableSince.set(seat.taskId, since);
    if (now < since + seat.seat * SETTLE_STAGGER_SECONDS) return;
    const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'settle', args: [seat.taskId] });
    try {
      const sent = await sendTracked(ctx, { kind: 'quorum-settle', subject: `quorum:${seat.taskId}`, to: quorumTasks, data, functionName: 'settle' });
      ctx.log('quorum-settle-sent', { taskId: seat.taskId, tx: sent.hash, gasUsed: sent.receipt.gasUsed });
    } catch (err) {
      // Another member (or the requester) settled it first.
      if (!(err instanceof ContractRevertError)) throw err;
    }
  }
}

/**
 * Runs the task's model on its published inputs and returns the result hash under the task's
 * declared canonicalisation; undefined (logged) if the model is not held here or the published
 * inputs do not match the task.
 */
async function computeResult(ctx: NodeContext, member: QuorumMember, seat: QuorumSeat, task: GetQuorumTaskReturnType): Promise<Hex | undefined> {
  const model = member.models.get(task.modelId.toLowerCase());
  if (!model) {
    ctx.log('quorum-unavailable', { taskId: seat.taskId, reason: `model ${task.modelId} not held here` });
    return undefined;
  }
  const [log] = await ctx.clients.public.getContractEvents({ address: ctx.addresses.quorumTasks, abi: quorumTasksAbi, eventName: 'QuorumTaskInputs', args: { taskId: seat.taskId }, fromBlock: 0n });
  if (!log?.args.data) {
    ctx.log('quorum-unavailable', { taskId: seat.taskId, reason: 'no published inputs' });
    return undefined;
  }
  let decoded: ReturnType<typeof decodeQuorumInputs>;
  try {
    decoded = decodeQuorumInputs(log.args.data);
  } catch (err) {
    ctx.log('quorum-unavailable', { taskId: seat.taskId, reason: (err as Error).message });
    return undefined;
  }
  if (keccak256(encodePacked(['bytes32[]'], [decoded.inputHashes])) !== task.inputsHash) {
    ctx.log('quorum-unavailable', { taskId: seat.taskId, reason: 'the published inputs do not match the task' });
    return undefined;
  }
  const code = await ctx.clients.public.readContract({ address: ctx.addresses.quorumTasks, abi: quorumTasksAbi, functionName: 'canonCodeOf', args: [task.canonId] });
  const spec = canonicalSpecFromCode(code);
  const outputs = await runFloat(model, decoded.tensors);
  return bytesToHex(canonicalize(spec, { tensors: outputs }).hash);
}

/** The wrong result a lying member commits: a function of the true one, so colluding liars agree. */
function lieAbout(resultHash: Hex): Hex {
  return bytesToHex(sha256(new Uint8Array([...toBytes('vouch:quorum-lie'), ...toBytes(resultHash)])));
}

/**
 * Links the seat to our ERC-8004 identity and asks QuorumTasks (the validator) to post the
 * outcome at settlement (tag vouch:quorum). Each step only if the chain lacks it.
 */
async function linkValidation(ctx: NodeContext, seat: QuorumSeat, quorumTasks: Address): Promise<void> {
  const { validationRegistry } = ctx.addresses;
  try {
    let [, requestHash] = await ctx.clients.public.readContract({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'validationLinkOf', args: [seat.taskId, BigInt(seat.seat)] });
    if (/^0x0+$/.test(requestHash)) {
      const salt = keccak256(toBytes(`vouch:quorum-validation:${seat.taskId}:${seat.seat}`));
      const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'linkValidation', args: [seat.taskId, BigInt(seat.seat), ctx.agentId, salt] });
      const sent = await sendTracked(ctx, { kind: 'quorum-link', subject: `quorum:${seat.taskId}`, to: quorumTasks, data, functionName: 'linkValidation' });
      requestHash = parseEventLogs({ abi: quorumTasksAbi, eventName: 'ValidationLinked', logs: sent.receipt.logs })[0].args.requestHash;
    }
    const [exists] = await ctx.clients.public.readContract({ address: validationRegistry, abi: validationRegistryAbi, functionName: 'getRequestState', args: [requestHash] });
    if (exists) return;
    const data = encodeFunctionData({ abi: validationRegistryAbi, functionName: 'validationRequest', args: [quorumTasks, ctx.agentId, `vouch:quorum:${seat.taskId}?seat=${seat.seat}`, requestHash] });
    await sendTracked(ctx, { kind: 'quorum-validation-request', subject: `quorum:${seat.taskId}`, to: validationRegistry, data, functionName: 'validationRequest' });
  } catch (err) {
    // The seat stands without it; only the ERC-8004 record of its outcome is missing.
    ctx.log('validation-request-failed', { quorumTaskId: seat.taskId, error: (err as Error).message.split('\n')[0] });
  }
}
