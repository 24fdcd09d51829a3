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
  /** Credits waiting for withdraw(): fees in Tasks plus slash winnings in the StakeManager. */
  credits: string;
  /** Token balance of the account (wallet, not staked). */
  balance: string;
  /** ERC-8004 Validation outcomes for this agent's claims: count and average response (0-100). */
  reputation: { validations: number; average: number | null; final: number; rejected: number };
  /** The same validation responses per verification mode (by their tag: vouch:optimistic, vouch:quorum, vouch:sampled). */
  validationsByMode: Record<VerificationMode, { validations: number; average: number | null }>;
  /** ERC-8004 Reputation feedback clients gave this agent (revoked feedback left out): count and average value. */
  feedback: { count: number; average: number | null };
  earned: string;
  slashed: string;
  registeredAt: number;
};

export type TaskStatus = 'open' | 'claimed' | 'disputed' | 'final' | 'rejected' | 'cancelled';

/** How a result is verified: Tasks' challenge window, a QuorumTasks committee, or a Tasks claim sampled by SamplingCoordinator. */
export type VerificationMode = 'optimistic' | 'quorum' | 'sampled';

export type TaskView = {
  taskId: string;
  requester: `0x${string}`;
  modelId: `0x${string}`;
  fee: string;
  mode: 'optimistic' | 'quorum' | 'sampled';
  status: TaskStatus;
  createdAt: number;
  createdBlock: number;
  /** Unix second after which an unclaimed task can no longer be claimed (then cancelled). */
  claimDeadline: number;
  /** The input as posted on chain (TaskInputs), hex. For MNIST: 784 int8 values, 28x28. */
  input?: `0x${string}`;
  inputShape?: number[];
  claim?: ClaimView;
  /** The game opened on this task, if any. */
  gameId?: string;
  settledAt?: number;
  /** ERC-8004 validation response posted for the task: 100 final, 0 rejected. */
  validation?: { response: number; requestHash: `0x${string}` };
  /** The SamplingCoordinator sample of this task's claim, when one was requested. */
  sample?: SampleView;
};

export type QuorumStatus = 'drawing' | 'active' | 'finalized' | 'refunded';

/** One committee seat of a quorum task. */
export type QuorumSeatView = {
  seat: number;
  member: `0x${string}`;
  /** drawn (seated), committed (its hash commitment is on chain), revealed (its result hash is). */
  phase: 'drawn' | 'committed' | 'revealed';
  commitment?: `0x${string}`;
  committedAt?: number;
  resultHash?: `0x${string}`;
  revealedAt?: number;
  /** After settlement: majority (paid a share), outvoted (revealed another result: slashed), silent (never revealed: slashed), refunded (revealed, no majority: released). */
  outcome?: 'majority' | 'outvoted' | 'silent' | 'refunded';
  /** The seat's stake taken. */
  slashed?: string;
  /** The ERC-8004 validation the member linked to its seat, and QuorumTasks' answer (100 majority, 0 otherwise; tag vouch:quorum). */
  validation?: { agentId: string; requestHash: `0x${string}`; response?: number };
};

/** A QuorumTasks task (its own id counter, apart from Tasks'). */
export type QuorumTaskView = {
  taskId: string;
  requester: `0x${string}`;
  modelId: `0x${string}`;
  canonId: `0x${string}`;
  /** The declared canonicalisation: exact, top1, round:<k>, text. */
  canonicalisation?: string;
  fee: string;
  size: number;
  status: QuorumStatus;
  createdAt: number;
  createdBlock: number;
  /** The block whose hash seeds the draw. */
  drawBlock: number;
  input?: `0x${string}`;
  seed?: `0x${string}`;
  drawnAt?: number;
  commitDeadline?: number;
  revealDeadline?: number;
  /** Seats that committed / revealed so far. */
  committed: number;
  revealed: number;
  committee: QuorumSeatView[];
  /** Finalized: the majority's result hash, its size and each majority member's share (fee + slashed winner shares). */
  result?: `0x${string}`;
  majority?: number;
  share?: string;
  /** Total stake slashed from the committee at settlement. */
  slashed?: string;
  /** Refunded because fewer eligible members than seats were in the pool (its size then). */
  poolSize?: number;
  settledAt?: number;
  /** The Tasks task whose sampled verifier escalated to this quorum task. */
  escalatedFrom?: string;
};

export type QuorumTaskListView = { tasks: QuorumTaskView[]; next?: string };

/** upheld / overturned: a quorum escalation decided the claim (it stands, or it is rejected). */
export type SampleStatus = 'requested' | 'not-sampled' | 'unassigned' | 'assigned' | 'agreed' | 'escalated' | 'missed' | 'cleared' | 'slashed' | 'upheld' | 'overturned';

/** SamplingCoordinator's sample of a Tasks claim (keyed by the Tasks task id). */
export type SampleView = {
  taskId: string;
  requester: `0x${string}`;
  worker: `0x${string}`;
  status: SampleStatus;
  requestedAt: number;
  drawBlock: number;
  /** The coin: true when the claim was sampled, false when not, absent before the draw. */
  sampled?: boolean;
  drawnAt?: number;
  verifier?: `0x${string}`;
  /** The verifier's answer deadline (unix s). */
  deadline?: number;
  /** agree, escalate, or none (the verifier missed its deadline). */
  answer?: 'agree' | 'escalate' | 'none';
  answeredAt?: number;
  /** The verifier's escalation: its dispute game or its quorum task on the same inputs, and how that went. */
  escalation?: {
    to: 'dispute' | 'quorum';
    id: string;
    /** The game's status (in-progress, worker-won, challenger-won) or the quorum task's (drawing, active, finalized, refunded). */
    status?: string;
    /** Once SamplingCoordinator applied a settled escalation quorum to the claim: the quorum's result and whether it rejected the claim. */
    claimRejected?: boolean;
    quorumResult?: `0x${string}`;
  };
  /** The verifier's bond taken (missed, or agreed to a claim proven wrong). */
  slashed?: string;
  closedAt?: number;
  /** The Tasks claim's status (final, rejected, ...): what finally decided the result. */
  taskStatus?: TaskStatus;
};

export type SampleListView = { samples: SampleView[]; next?: string };

/** An ERC-8004 validation of an agent's work: the request and, once posted, the validator's response. */
export type ValidationView = {
  requestHash: `0x${string}`;
  agentId: string;
  validator: `0x${string}`;
  /** By the response's tag; 'other' for a tag Vouch does not post. */
  mode: VerificationMode | 'other';
  tag?: string;
  requestURI?: string;
  requestedAt?: number;
  /** 0-100: 100 the work stood, 0 it did not. */
  response?: number;
  respondedAt?: number;
  block: number;
  txHash?: `0x${string}`;
};

/** ERC-8004 Reputation feedback given to an agent. */
export type FeedbackView = {
  agentId: string;
  client: `0x${string}`;
  /** 1-based per (agent, client). */
  index: number;
  /** Fixed point: value / 10^valueDecimals (Vouch requesters post 100 final, 0 rejected). */
  value: string;
  valueDecimals: number;
  tag1: string;
  tag2: string;
  endpoint: string;
  feedbackURI: string;
  revoked: boolean;
  block: number;
  time: number;
  txHash: `0x${string}`;
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
  /** Where the game was: trace (bisection of the trace tree), header, tensor (bisection of one tensor), leaf, step. */
  phase?: string;
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
  /** 'step' (the verifier decided) or 'timeout'. */
  resolution?: string;
  modelId?: `0x${string}`;
  /** The challenger's bond (locked from its stake). */
  bond: string;
  /** The first differing trace position (tensor), once the trace bisection ended. */
  traceIndex?: number;
  openedAt: number;
  resolvedAt?: number;
  /** Number of trace positions (tensors) and how many the bisection has narrowed to. */
  traceLength?: number;
  moves: DisputeMoveView[];
  /** The loser's stake taken: the worker's claim stake, or the challenger's bond. */
  slashed?: string;
};

export type ModelView = {
  modelId: `0x${string}`;
  name?: string;
  /** `int8`: a .vouch commitment (optimistic, sampled); `onnx-float`: a float ONNX file (quorum, sampled; never disputed). */
  format: 'int8' | 'onnx-float';
  /** Ops of the committed op table (0 for a float model). */
  ops: number;
  inputs: number;
  /** Trace positions: inputs + ops (what a dispute bisects); a float model's: inputs + 1 (the result hash). */
  traceLength: number;
  /** A float model's canonicalisation, fixed at registration (exact, top1, round:<k>, text). */
  canonicalisation?: string;
  /** A float model's file size in bytes. */
  size?: number;
  inputShape?: number[];
  registeredBy: `0x${string}`;
  registeredAt: number;
  tasks: number;
};

/**
 * One token movement. fee-paid: requester -> Tasks (or QuorumTasks) escrow; worker-paid and
 * protocol-fee: Tasks -> worker / treasury (credits); quorum-share: QuorumTasks -> a majority
 * member (credits); refund: escrow -> requester; bond: a challenger's stake locked; a slash of
 * `s` is two flows from the loser: reward (to the winner) + slash (to the treasury). A pooled
 * slash (a quorum seat, a sampled verifier's bond) names its quorum task or its Tasks task.
 */
export type FlowView = {
  id: number;
  kind: 'fee-paid' | 'worker-paid' | 'protocol-fee' | 'quorum-share' | 'slash' | 'reward' | 'refund' | 'bond';
  from?: `0x${string}`;
  to?: `0x${string}`;
  amount: string;
  taskId?: string;
  gameId?: string;
  /** A QuorumTasks task's flow (its own id counter, not Tasks'). */
  quorumTaskId?: string;
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
  agents: number;
  models: number;
  /** QuorumTasks tasks per status and SamplingCoordinator samples per status. */
  quorum: Record<QuorumStatus, number>;
  samples: Record<SampleStatus, number>;
};

export type TaskListView = {
  tasks: TaskView[];
  /** Pass as `before` for the next page; absent on the last page. */
  next?: string;
};

export type FlowListView = {
  flows: FlowView[];
  /** Sum of every flow of each kind (all time, not just this page). */
  totals: Partial<Record<FlowView['kind'], string>>;
  next?: string;
};

/** The Server-Sent Events message of GET /api/events (event name "changed"). */
export type ChangedEvent = { block: number; events: number; reorgedTo?: number };

/** Body of every 4xx/5xx answer. */
export type ApiErrorBody = { error: { code: string; message: string } };
