import type Database from 'better-sqlite3';
import type { Address, Hex } from 'viem';

/** An open state database (openStore). Repository functions take it first, viem style. */
export type Store = {
  readonly path: string;
  /** The underlying connection; repository functions are the supported way to change it. */
  readonly db: Database.Database;
  /** Unix seconds; injectable so tests and the scheduler share one clock. */
  readonly now: () => number;
  close(): void;
};

export type TaskRole = 'worker' | 'challenger' | 'requester';
/** Mirrors the contract's TaskStatus (None is never stored). */
export type TaskStatus = 'open' | 'claimed' | 'disputed' | 'finalized' | 'rejected' | 'cancelled';
export type ClaimStatus = 'intent' | 'sent' | 'confirmed' | 'failed';
export type TxStatus = 'intent' | 'submitted' | 'confirmed' | 'failed';
export type Party = 'worker' | 'challenger';
/** Mirrors the DisputeGame's Phase. */
export type DisputePhase = 'trace-bisection' | 'tensor-header' | 'tensor-bisection' | 'leaf-reveal' | 'step';
export type DisputeStatus = 'open' | 'won' | 'lost';

export type Identity = {
  agentId: bigint;
  chainId: number;
  account: Address;
  /** Contract name -> address (e.g. tasks, disputeGame, stakeManager). */
  contracts: Record<string, Address>;
};

export type TaskRecord = {
  taskId: bigint;
  modelId: Hex;
  inputsHash: Hex;
  role: TaskRole;
  status: TaskStatus;
  requester?: Address;
  fee?: bigint;
  claimDeadline: number;
  createdAt: number;
  updatedAt: number;
};

export type ClaimRecord = {
  taskId: bigint;
  worker: Address;
  outputHash: Hex;
  traceRoot: Hex;
  /** True for a claim this node makes (it goes through the outbox); false for one observed on chain. */
  ours: boolean;
  txId?: number;
  txHash?: Hex;
  status: ClaimStatus;
  /** The challenge window closes at this time (exclusive, as Tasks.state): known once confirmed. */
  windowEnd?: number;
};

/** What is sent: enough to sign the transaction again after a restart. */
export type TxPayload = { to: Address; data: Hex; value?: string; functionName?: string };

export type TxSubmission = { hash: Hex; nonce: number; attempt: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; submittedAt: number };

export type TxRecord = {
  id: number;
  kind: string;
  /** With `kind`, names the effect: at most one unfinished transaction per (kind, subject). */
  subject: string;
  taskId?: bigint;
  gameId?: bigint;
  payload: TxPayload;
  status: TxStatus;
  nonce?: number;
  /** The latest submission's hash, or the mined one once confirmed. */
  txHash?: Hex;
  submittedAt?: number;
  blockNumber?: number;
  error?: string;
  submissions: TxSubmission[];
  createdAt: number;
};

export type TraceTensor = { hash: Hex; dtype: string; shape: number[]; data: Uint8Array };

export type TraceRecord = { taskId: bigint; traceRoot: Hex; outputHash: Hex; tensors: TraceTensor[] };

export type DisputeRecord = {
  gameId: bigint;
  taskId: bigint;
  ourSide: Party;
  opponent: Address;
  phase: DisputePhase;
  turn: Party;
  /** Bisection position: depth in the current tree and index at that depth (Position = 2^level + index). */
  level: number;
  index: bigint;
  /** The first differing trace leaf, once the trace bisection ended. */
  traceIndex?: number;
  moves: number;
  /** Unix seconds after which the party loses on time (its clock budget is used up). */
  ourDeadline: number;
  theirDeadline: number;
  status: DisputeStatus;
  openedAt: number;
};

export type DisputeMove = {
  seq: number;
  party: Party;
  phase: DisputePhase;
  level: number;
  index: bigint;
  left?: Hex;
  right?: Hex;
  /** Opaque move data (a leaf, a tensor root with its descriptor...). */
  data?: Uint8Array;
  txHash?: Hex;
  recordedAt: number;
};
