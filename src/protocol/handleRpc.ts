import type { Address } from 'viem';
import { VouchError } from '../errors.ts';
import { JSON_MEDIA_TYPE, TERMINAL_STATES } from './constants.ts';
import type { TaskRecord, TaskStore } from './createTaskStore.ts';
import {
  ExtendedAgentCardNotConfiguredError,
  InvalidParamsError,
  InvalidRequestError,
  MethodNotFoundError,
  ProtocolError,
  PushNotificationNotSupportedError,
  TaskNotCancelableError,
  TaskNotFoundError,
  UnsupportedOperationError,
} from './errors.ts';
import { parseInferenceRequest } from './parseInferenceRequest.ts';
import { toRpcError, type RpcErrorObject } from './toRpcError.ts';
import type { A2AHandlers, A2ALimits, InferenceRequest, JsonValue, ServedModel, Task, TaskState } from './types.ts';
import { verifyEnvelope, type EnvelopeVerifier } from './verifyEnvelope.ts';

export type RpcId = string | number | null;
export type RpcResponse = { jsonrpc: '2.0'; id: RpcId; result: unknown } | { jsonrpc: '2.0'; id: RpcId; error: RpcErrorObject };

export type RpcContext = {
  models: readonly ServedModel[];
  handlers: A2AHandlers;
  verifier: EnvelopeVerifier;
  store: TaskStore;
  limits: Required<A2ALimits>;
  /** Starts a task sent with returnImmediately. */
  schedule: (job: () => Promise<void>) => void;
  /** A failure that applies to every request of the HTTP call (an unsupported A2A-Version). */
  callError?: ProtocolError;
};

const TASK_STATES: readonly TaskState[] = [
  'TASK_STATE_SUBMITTED',
  'TASK_STATE_WORKING',
  'TASK_STATE_COMPLETED',
  'TASK_STATE_FAILED',
  'TASK_STATE_CANCELED',
  'TASK_STATE_INPUT_REQUIRED',
  'TASK_STATE_REJECTED',
  'TASK_STATE_AUTH_REQUIRED',
];

/** Answers one JSON-RPC request object; null for a notification (a valid request without id). */
export async function handleRpc(request: unknown, ctx: RpcContext): Promise<RpcResponse | null> {
  if (!isObject(request)) return failure(null, new InvalidRequestError('a JSON-RPC request must be an object'));
  const hasId = 'id' in request;
  const id = request.id;
  if (hasId && !(id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
    return failure(null, new InvalidRequestError('id must be a string, a number or null'));
  }
  const rpcId = (hasId ? id : null) as RpcId;
  if (request.jsonrpc !== '2.0') return failure(rpcId, new InvalidRequestError('jsonrpc must be "2.0"'));
  if (typeof request.method !== 'string' || request.method.length === 0) return failure(rpcId, new InvalidRequestError('method must be a non-empty string'));
  if (request.params !== undefined && (typeof request.params !== 'object' || request.params === null)) {
    return failure(rpcId, new InvalidRequestError('params must be an object or an array'));
  }
  try {
    if (ctx.callError) throw ctx.callError;
    const result = await dispatch(request.method, request.params, ctx);
    return hasId ? { jsonrpc: '2.0', id: rpcId, result } : null;
  } catch (err) {
    return hasId ? failure(rpcId, err) : null;
  }
}

function failure(id: RpcId, err: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, error: toRpcError(err) };
}

async function dispatch(method: string, rawParams: unknown, ctx: RpcContext): Promise<unknown> {
  switch (method) {
    case 'SendMessage':
      return sendMessage(params(rawParams), ctx);
    case 'GetTask':
      return getTask(params(rawParams), ctx);
    case 'ListTasks':
      return listTasks(params(rawParams), ctx);
    case 'CancelTask':
      return cancelTask(params(rawParams), ctx);
    case 'SendStreamingMessage':
    case 'SubscribeToTask':
      throw new UnsupportedOperationError('this agent does not stream (capabilities.streaming is false): use SendMessage and GetTask');
    case 'CreateTaskPushNotificationConfig':
    case 'GetTaskPushNotificationConfig':
    case 'ListTaskPushNotificationConfigs':
    case 'DeleteTaskPushNotificationConfig':
      throw new PushNotificationNotSupportedError('this agent does not send push notifications');
    case 'GetExtendedAgentCard':
      throw new ExtendedAgentCardNotConfiguredError('this agent has no extended card');
    default:
      throw new MethodNotFoundError(method);
  }
}

async function sendMessage(p: Record<string, unknown>, ctx: RpcContext) {
  const parsed = parseInferenceRequest(p, ctx.models, ctx.limits.maxInputElements);
  const { sender } = await verifyEnvelope('SendMessage', p, ctx.verifier);
  const record = ctx.store.create(sender, parsed.message);
  if (parsed.returnImmediately) ctx.schedule(() => run(record, parsed.request, ctx));
  else await run(record, parsed.request, ctx);
  return { task: view(record.task, parsed.historyLength, true) };
}

/** Runs the handler; never rejects (a failure is the task's FAILED state). */
async function run(record: TaskRecord, request: InferenceRequest, ctx: RpcContext): Promise<void> {
  const { task, controller } = record;
  if (controller.signal.aborted) return; // canceled while still submitted
  ctx.store.setState(record, 'TASK_STATE_WORKING');
  try {
    const result = await ctx.handlers.inference(request, { taskId: task.id, sender: record.sender, signal: controller.signal });
    if (controller.signal.aborted) return;
    task.artifacts = [
      { artifactId: 'inference-result', name: 'inference-result', parts: [{ data: result as unknown as JsonValue, mediaType: JSON_MEDIA_TYPE }] },
    ];
    ctx.store.setState(record, 'TASK_STATE_COMPLETED', `output hash ${result.outputHash}, trace root ${result.traceRoot}`);
  } catch (err) {
    if (controller.signal.aborted) return;
    ctx.store.setState(record, 'TASK_STATE_FAILED', err instanceof VouchError ? err.shortMessage : 'inference failed');
  }
}

// GetTask is not signed: a task id is an unguessable UUID that only its requester learns.
function getTask(p: Record<string, unknown>, ctx: RpcContext) {
  const id = taskId(p);
  const historyLength = optionalInt(p.historyLength, 'historyLength', 0, Number.MAX_SAFE_INTEGER);
  const record = ctx.store.get(id);
  if (!record) throw new TaskNotFoundError(id);
  return view(record.task, historyLength, true);
}

async function listTasks(p: Record<string, unknown>, ctx: RpcContext) {
  if (p.contextId !== undefined && typeof p.contextId !== 'string') throw new InvalidParamsError('contextId must be a string');
  if (p.status !== undefined && !TASK_STATES.includes(p.status as TaskState)) throw new InvalidParamsError('status must be a TASK_STATE_* value');
  const pageSize = optionalInt(p.pageSize, 'pageSize', 1, 100) ?? 50;
  const historyLength = optionalInt(p.historyLength, 'historyLength', 0, Number.MAX_SAFE_INTEGER);
  if (p.includeArtifacts !== undefined && typeof p.includeArtifacts !== 'boolean') throw new InvalidParamsError('includeArtifacts must be a boolean');
  let after = Number.NEGATIVE_INFINITY;
  if (p.statusTimestampAfter !== undefined) {
    after = typeof p.statusTimestampAfter === 'string' ? Date.parse(p.statusTimestampAfter) : Number.NaN;
    if (Number.isNaN(after)) throw new InvalidParamsError('statusTimestampAfter must be an ISO 8601 timestamp');
  }
  let offset = 0;
  if (p.pageToken !== undefined && p.pageToken !== '') {
    if (typeof p.pageToken !== 'string' || !/^[0-9]{1,9}$/.test(p.pageToken)) throw new InvalidParamsError('pageToken is not one this agent issued');
    offset = Number(p.pageToken);
  }
  // Listing reveals every task of a sender, so it is signed and scoped to the signer.
  const { sender } = await verifyEnvelope('ListTasks', p, ctx.verifier);
  const matching = ctx.store
    .listBySender(sender)
    .map((r) => r.task)
    .filter((t) => (p.contextId === undefined || t.contextId === p.contextId) && (p.status === undefined || t.status.state === p.status))
    .filter((t) => Date.parse(t.status.timestamp) >= after);
  const page = matching.slice(offset, offset + pageSize);
  const next = offset + page.length < matching.length ? String(offset + page.length) : '';
  return {
    tasks: page.map((t) => view(t, historyLength, p.includeArtifacts === true)),
    nextPageToken: next,
    pageSize,
    totalSize: matching.length,
  };
}

async function cancelTask(p: Record<string, unknown>, ctx: RpcContext) {
  const id = taskId(p);
  const { sender } = await verifyEnvelope('CancelTask', p, ctx.verifier);
  const record = ctx.store.get(id);
  // Someone else's task is reported as missing, so ids cannot be probed.
  if (!record || record.sender.toLowerCase() !== (sender as Address).toLowerCase()) throw new TaskNotFoundError(id);
  const state = record.task.status.state;
  if (TERMINAL_STATES.includes(state)) throw new TaskNotCancelableError(id, state);
  record.controller.abort();
  ctx.store.setState(record, 'TASK_STATE_CANCELED', 'canceled by the requester');
  return view(record.task, undefined, true);
}

function view(task: Task, historyLength: number | undefined, includeArtifacts: boolean): Task {
  const { history, artifacts, ...rest } = task;
  const out: Task = structuredClone(rest);
  if (history && historyLength !== 0) out.history = structuredClone(historyLength === undefined ? history : history.slice(-historyLength));
  if (includeArtifacts && artifacts) out.artifacts = structuredClone(artifacts);
  return out;
}

function params(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) throw new InvalidParamsError('params must be an object');
  return raw;
}

function taskId(p: Record<string, unknown>): string {
  if (typeof p.id !== 'string' || p.id.trim().length === 0) throw new InvalidParamsError('id must be a non-empty string');
  return p.id;
}

function optionalInt(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) throw new InvalidParamsError(`${name} must be an integer in [${min}, ${max}]`);
  return v as number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
