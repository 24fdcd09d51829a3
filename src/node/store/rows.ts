import type { Address, Hex } from 'viem';
import type { ClaimRecord, DisputeMove, DisputePhase, DisputeRecord, Party, TaskRecord, TxRecord, TxSubmission } from './types.ts';

// Row <-> record mapping, in one place so every reader agrees on the column conventions
// (migrations.ts): uint256 as decimal TEXT, NULL as undefined.

type Row = Record<string, any>;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function toTask(r: Row): TaskRecord {
  return {
    taskId: BigInt(r.task_id), modelId: r.model_id, inputsHash: r.inputs_hash, role: r.role, status: r.status,
    requester: opt(r.requester), fee: r.fee === null ? undefined : BigInt(r.fee), claimDeadline: r.claim_deadline,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function toClaim(r: Row): ClaimRecord {
  return {
    taskId: BigInt(r.task_id), worker: r.worker as Address, outputHash: r.output_hash, traceRoot: r.trace_root, ours: r.ours === 1,
    txId: opt(r.tx_id), txHash: opt(r.tx_hash), status: r.status, windowEnd: opt(r.window_end),
  };
}

export function toSubmission(r: Row): TxSubmission {
  return { hash: r.hash, nonce: r.nonce, attempt: r.attempt, maxFeePerGas: BigInt(r.max_fee_per_gas), maxPriorityFeePerGas: BigInt(r.max_priority_fee_per_gas), submittedAt: r.submitted_at };
}

export function toTx(r: Row, submissions: Row[]): TxRecord {
  return {
    id: r.id, kind: r.kind, subject: r.subject, taskId: r.task_id === null ? undefined : BigInt(r.task_id),
    gameId: r.game_id === null ? undefined : BigInt(r.game_id), payload: JSON.parse(r.payload), status: r.status,
    nonce: opt(r.nonce), txHash: opt(r.tx_hash) as Hex | undefined, submittedAt: opt(r.submitted_at), blockNumber: opt(r.block_number),
    error: opt(r.error), submissions: submissions.map(toSubmission), createdAt: r.created_at,
  };
}

export function toDispute(r: Row): DisputeRecord {
  return {
    gameId: BigInt(r.game_id), taskId: BigInt(r.task_id), ourSide: r.our_side as Party, opponent: r.opponent, phase: r.phase as DisputePhase,
    turn: r.turn, level: r.level, index: BigInt(r.position_index), traceIndex: opt(r.trace_index), moves: r.moves,
    ourDeadline: r.our_deadline, theirDeadline: r.their_deadline, status: r.status, openedAt: r.opened_at,
  };
}

export function toMove(r: Row): DisputeMove {
  return {
    seq: r.seq, party: r.party, phase: r.phase, level: r.level, index: BigInt(r.position_index), left: opt(r.left_hash), right: opt(r.right_hash),
    data: r.data === null ? undefined : new Uint8Array(r.data), txHash: opt(r.tx_hash), recordedAt: r.recorded_at,
  };
}
