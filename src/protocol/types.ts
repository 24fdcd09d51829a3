import type { Address, Hex } from 'viem';
import type { VERIFICATION_MODES } from './constants.ts';

/*
 * Wire shapes of A2A v1.0 in its JSON form (ProtoJSON of a2a.proto: camelCase members, enums as
 * SCREAMING_SNAKE_CASE strings, a Part's content chosen by which member is present). The
 * @a2a-js/sdk types describe the same messages in ts-proto's in-memory form (numeric enums,
 * `{ $case }` unions, Buffers), so Vouch keeps its own JSON types and the tests check them
 * against the SDK's codecs.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type TaskState =
  | 'TASK_STATE_SUBMITTED'
  | 'TASK_STATE_WORKING'
  | 'TASK_STATE_COMPLETED'
  | 'TASK_STATE_FAILED'
  | 'TASK_STATE_CANCELED'
  | 'TASK_STATE_INPUT_REQUIRED'
  | 'TASK_STATE_REJECTED'
  | 'TASK_STATE_AUTH_REQUIRED';

export type Part =
  | { text: string; mediaType?: string; metadata?: JsonObject }
  | { data: JsonValue; mediaType?: string; metadata?: JsonObject }
  | { url: string; filename?: string; mediaType?: string; metadata?: JsonObject }
  | { raw: string; filename?: string; mediaType?: string; metadata?: JsonObject };

export type Message = {
  messageId: string;
  contextId?: string;
  taskId?: string;
  role: 'ROLE_USER' | 'ROLE_AGENT';
  parts: Part[];
  metadata?: JsonObject;
  extensions?: string[];
  referenceTaskIds?: string[];
};

export type TaskStatus = { state: TaskState; message?: Message; timestamp: string };

export type Artifact = { artifactId: string; name?: string; description?: string; parts: Part[]; metadata?: JsonObject };

export type Task = {
  id: string;
  contextId: string;
  status: TaskStatus;
  artifacts?: Artifact[];
  history?: Message[];
  metadata?: JsonObject;
};

export type AgentInterface = { url: string; protocolBinding: string; protocolVersion: string; tenant?: string };

export type AgentExtension = { uri: string; description?: string; required?: boolean; params?: JsonObject };

export type AgentSkill = {
  id: string;
  name: string;
  description: string;
  tags: string[];
  examples?: string[];
  inputModes?: string[];
  outputModes?: string[];
};

export type AgentCard = {
  name: string;
  description: string;
  supportedInterfaces: AgentInterface[];
  provider?: { url: string; organization: string };
  version: string;
  documentationUrl?: string;
  capabilities: { streaming?: boolean; pushNotifications?: boolean; extendedAgentCard?: boolean; extensions?: AgentExtension[] };
  securitySchemes?: JsonObject;
  securityRequirements?: JsonValue[];
  defaultInputModes: string[];
  defaultOutputModes: string[];
  skills: AgentSkill[];
  iconUrl?: string;
};

export type VerificationMode = (typeof VERIFICATION_MODES)[number];

/** A model as advertised by an agent: its id (SHA-256 model commitment), a name and the modes offered. */
export type ServedModel = { modelId: Hex; name: string; modes: VerificationMode[] };

/** The Vouch extension's params on an agent card. */
export type VouchCardInfo = {
  agentId: bigint;
  /** CAIP-10 address of the ERC-8004 identity registry: eip155:<chainId>:<address>. */
  agentRegistry: string;
  /** URI of the ERC-8004 registration file (the token URI), if published. */
  registration?: string;
  /** Where envelopes must be signed for. */
  domain: EnvelopeDomain;
  models: ServedModel[];
};

/** The EIP-712 domain of envelopes: the chain and the Vouch contract a request is bound to. */
export type EnvelopeDomain = { chainId: number; verifyingContract: Address };

/** The signed envelope as carried in `params.metadata[VOUCH_EXTENSION_URI]`; integers as decimal strings. */
export type SignedEnvelope = {
  chainId: number;
  verifyingContract: Address;
  agentId: string;
  sender: Address;
  nonce: string;
  deadline: string;
  payloadHash: Hex;
  signature: Hex;
};

/** An input tensor of an inference request: int8 values as committed, or reals the agent quantizes. */
export type TensorInput = { dtype: 'int8' | 'float32'; shape: number[]; data: number[] };

/** The content of a SendMessage data part: what to run. */
export type InferenceRequest = {
  modelId: Hex;
  input: TensorInput;
  mode?: VerificationMode;
  /** The on-chain Tasks id (decimal) this inference answers: the worker claims it after running. */
  chainTaskId?: string;
};

/** What a handler returns: the output (int8, or float32 for a float model) and the commitments a claim is made of. */
export type InferenceResult = {
  modelId: Hex;
  output: { dtype: 'int8' | 'float32'; shape: number[]; data: number[] };
  /** Tensor hash of the output (the last leaf of the trace). */
  outputHash: Hex;
  /** Merkle root of the execution trace. */
  traceRoot: Hex;
  /** Tensor hash of the int8 input actually run. */
  inputHash?: Hex;
  /** For a request with chainTaskId: the worker's on-chain claim of that task. */
  claim?: { chainTaskId: string; txHash: Hex; blockNumber: number };
};

/** What the node plugs in: runs one inference for a verified sender. Throwing fails the task. */
export type InferenceHandler = (
  request: InferenceRequest,
  context: { taskId: string; sender: `0x${string}`; signal: AbortSignal },
) => Promise<InferenceResult> | InferenceResult;

export type A2AHandlers = { inference: InferenceHandler };

export type A2ALimits = {
  /** Largest HTTP body read, in bytes (default 1 MiB). Larger bodies get HTTP 413 before any parsing. */
  maxBodyBytes?: number;
  /** Most requests in one JSON-RPC batch (default 16). */
  maxBatch?: number;
  /** Most elements in one input tensor (default 1,048,576). */
  maxInputElements?: number;
  /** Tasks kept in memory (default 10,000; finished ones are dropped first). */
  maxTasks?: number;
};
