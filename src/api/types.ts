/**
 * The JSON the HTTP API serves (GET only unless noted). Amounts are token base units and ids
 * are decimal strings (JSON has no bigint); times are unix seconds of the chain's clock.
 * The indexer fills these from chain events; the dashboard and the SDK read them.
 */

export type AgentView = {
  agentId: string;
  address: `0x${string}`;
  /** ERC-8004 agentURI (the registration file). */
  agentURI: string;
  /** From the registration file when reachable: worker, challenger, requester. */
  roles: string[];
  name?: string;
  stake: { free: string; locked: string; unbonding: string };
  /** Token balance of the account (wallet, not staked). */
  balance: string;
  /** ERC-8004 Validation outcomes for this agent's claims: count and average response (0-100). */
  reputation: { validations: number; average: number | null; final: number; rejected: number };
  earned: string;
  slashed: string;
};

export type TaskStatus = 'open' | 'claimed' | 'disputed' | 'final' | 'rejected' | 'cancelled';

export type TaskView = {
  taskId: string;
  requester: `0x${string}`;
  modelId: `0x${string}`;
  fee: string;
  mode: 'optimistic' | 'quorum' | 'sampled';
  status: TaskStatus;
  createdAt: number;
  createdBlock: number;
  /** The input as posted on chain (TaskInputs), hex. For MNIST: 784 int8 values, 28x28. */
  input?: `0x${string}`;
  inputShape?: number[];
  claim?: ClaimView;
  /** The game opened on this task, if any. */
  gameId?: string;
  settledAt?: number;
  /** ERC-8004 validation response posted for the task: 100 final, 0 rejected. */
  validation?: { response: number; requestHash: `0x${string}` };
};

export type ClaimView = {
  worker: `0x${string}`;
  workerAgentId?: string;
  outputHash: `0x${string}`;
  traceRoot: `0x${string}`;
  claimedAt: number;
  /** End of the challenge window (unix s); it moves when a challenger loses a dispute. */
  windowEnd: number;
  /** The worker's output when it served the result (argmax for classifiers), if known. */
  label?: number;
};

export type DisputeMoveView = {
  /** Bisected, TensorRootRevealed, LeafRevealed, ElementPicked, Stepped, GameResolved. */
  kind: string;
  party?: 'worker' | 'challenger';
  block: number;
  time: number;
  txHash: `0x${string}`;
  gasUsed?: string;
  /** Bisection: the tree depth and node index the move answered at. */
  depth?: number;
  index?: string;
  /** Trace position (tensor) once known, element index once picked. */
  traceIndex?: number;
  leafIndex?: number;
  elementIndex?: string;
  workerValue?: string;
  challengerValue?: string;
  correctValue?: string;
};

export type DisputeView = {
  gameId: string;
  taskId: string;
  worker: `0x${string}`;
  challenger: `0x${string}`;
  status: 'in-progress' | 'worker-won' | 'challenger-won';
  resolution?: string;
  openedAt: number;
  resolvedAt?: number;
  /** Number of trace positions (tensors) and how many the bisection has narrowed to. */
  traceLength?: number;
  moves: DisputeMoveView[];
  slashed?: string;
};

export type ModelView = { modelId: `0x${string}`; name?: string; ops: number; registeredBy: `0x${string}`; registeredAt: number };

export type FlowView = {
  kind: 'fee-paid' | 'worker-paid' | 'protocol-fee' | 'slash' | 'reward' | 'refund' | 'bond';
  from?: `0x${string}`;
  to?: `0x${string}`;
  amount: string;
  taskId?: string;
  gameId?: string;
  block: number;
  time: number;
  txHash: `0x${string}`;
};

export type StatsView = {
  chainId: number;
  block: number;
  time: number;
  tasks: Record<TaskStatus, number>;
  disputes: { open: number; workerWon: number; challengerWon: number };
  /** Tasks settled per minute over the last 5 minutes of chain time. */
  throughputPerMinute: number;
  /** Average gas per transaction kind (createTask, claim, finalize, bisect, step, ...). */
  gas: Record<string, { count: number; average: number }>;
  /** Settled tasks per chain-time bucket (for the throughput chart). */
  series: { time: number; final: number; rejected: number }[];
};

/** Body of every 4xx/5xx answer. */
export type ApiErrorBody = { error: { code: string; message: string } };
