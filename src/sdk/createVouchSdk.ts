import type {
  AgentView, ApiErrorBody, ChangedEvent, DisputeView, FeedbackView, FlowListView, FlowView, ModelView, QuorumStatus, QuorumTaskListView, QuorumTaskView,
  SampleListView, SampleStatus, SampleView, StatsView, TaskListView, TaskStatus, TaskView, ValidationView,
} from '../api/types.ts';
import { TaskWaitTimeoutError, VouchApiError } from './errors.ts';
import type { SubmitTaskParameters, SubmitTaskReturnType } from './submitTask.ts';

export type CreateVouchSdkParameters = {
  /** Base URL of the API (the launcher's dashboard URL), e.g. http://127.0.0.1:8545. */
  apiUrl: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per request (default 10 s). */
  timeoutMs?: number;
};

/** What waitForTask waits for: 'settled' (final, rejected or cancelled), 'claimed' (has a claim), or explicit statuses. */
export type WaitUntil = 'settled' | 'claimed' | readonly TaskStatus[];

export type WaitForTaskOptions = {
  until?: WaitUntil;
  /** Default 15 minutes. */
  timeoutMs?: number;
  /** Poll interval when the event stream is not used or between its messages (default 1000 ms). */
  intervalMs?: number;
  /** Wake on the API's Server-Sent Events instead of only polling (default true). */
  sse?: boolean;
  signal?: AbortSignal;
};

const SETTLED: readonly TaskStatus[] = ['final', 'rejected', 'cancelled'];

export type VouchSdk = ReturnType<typeof createVouchSdk>;

/**
 * A typed client of the Vouch API (docs/api.md). Reads return the shapes of src/api/types.ts;
 * failures are VouchApiError (status, code). `submitTask` writes to the chain and a worker
 * directly (the API is read-only).
 */
export function createVouchSdk(p: CreateVouchSdkParameters) {
  const base = p.apiUrl.replace(/\/+$/, '');
  const doFetch = p.fetch ?? fetch;

  async function get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const qs = Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const url = `${base}${path}${qs ? `?${qs}` : ''}`;
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(p.timeoutMs ?? 10_000) });
    } catch (cause) {
      throw new VouchApiError({ status: 0, code: 'network', message: `request failed: ${(cause as Error).message}`, url, cause });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new VouchApiError({ status: res.status, code: 'bad_response', message: 'the answer is not JSON', url });
    }
    if (!res.ok) {
      const err = (body as ApiErrorBody)?.error;
      throw new VouchApiError({ status: res.status, code: err?.code ?? 'http_error', message: err?.message ?? res.statusText, url });
    }
    return body as T;
  }

  const id = (v: string | number | bigint) => encodeURIComponent(String(v));

  /**
   * The API's Server-Sent Events: yields a ChangedEvent whenever the index advances (and once
   * at connection). Ends when `signal` aborts or the server closes the stream.
   */
  async function* events(signal?: AbortSignal): AsyncGenerator<ChangedEvent> {
    const url = `${base}/api/events`;
    const res = await doFetch(url, { headers: { accept: 'text/event-stream' }, signal });
    if (!res.ok || !res.body) throw new VouchApiError({ status: res.status, code: 'http_error', message: 'the event stream could not be opened', url });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    // A fetch that ignores the signal once the body streams (an in-process app.fetch) would leave read() pending.
    const cancel = () => void reader.cancel().catch(() => {});
    signal?.addEventListener('abort', cancel, { once: true });
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data) yield JSON.parse(data) as ChangedEvent;
        }
      }
    } finally {
      signal?.removeEventListener('abort', cancel);
      await reader.cancel().catch(() => {});
    }
  }

  const sdk = {
    getStats: () => get<StatsView>('/api/stats'),
    listAgents: async () => (await get<{ agents: AgentView[] }>('/api/agents')).agents,
    getAgent: (agentId: string | number | bigint) => get<AgentView>(`/api/agents/${id(agentId)}`),
    listModels: async () => (await get<{ models: ModelView[] }>('/api/models')).models,
    listTasks: (q: { status?: TaskStatus; limit?: number; before?: string } = {}) => get<TaskListView>('/api/tasks', q),
    getTask: (taskId: string | number | bigint) => get<TaskView>(`/api/tasks/${id(taskId)}`),
    listDisputes: async (q: { status?: DisputeView['status']; limit?: number; before?: string } = {}) => (await get<{ disputes: DisputeView[] }>('/api/disputes', q)).disputes,
    getDispute: (gameId: string | number | bigint) => get<DisputeView>(`/api/disputes/${id(gameId)}`),
    listFlows: (q: { kind?: FlowView['kind']; taskId?: string; gameId?: string; quorumTaskId?: string; limit?: number; before?: string } = {}) => get<FlowListView>('/api/flows', q),
    listQuorumTasks: (q: { status?: QuorumStatus; member?: string; limit?: number; before?: string } = {}) => get<QuorumTaskListView>('/api/quorum-tasks', q),
    getQuorumTask: (taskId: string | number | bigint) => get<QuorumTaskView>(`/api/quorum-tasks/${id(taskId)}`),
    listSamples: (q: { status?: SampleStatus; verifier?: string; limit?: number; before?: string } = {}) => get<SampleListView>('/api/samples', q),
    /** The sample of a Tasks task's claim (404 when none was requested). */
    getSample: (taskId: string | number | bigint) => get<SampleView>(`/api/samples/${id(taskId)}`),
    listValidations: async (agentId: string | number | bigint, q: { mode?: ValidationView['mode']; limit?: number } = {}) =>
      (await get<{ validations: ValidationView[] }>(`/api/agents/${id(agentId)}/validations`, q)).validations,
    listFeedback: async (agentId: string | number | bigint, q: { limit?: number } = {}) => (await get<{ feedback: FeedbackView[] }>(`/api/agents/${id(agentId)}/feedback`, q)).feedback,
    events,

    /**
     * Resolves with the task once its status is one `until` names (default: settled). Polls
     * the API, waking early on its event stream; a task the indexer has not seen yet (404) is
     * waited for too.
     */
    async waitForTask(taskId: string | number | bigint, o: WaitForTaskOptions = {}): Promise<TaskView> {
      const until = o.until ?? 'settled';
      const done = (t: TaskView) =>
        until === 'settled' ? SETTLED.includes(t.status) : until === 'claimed' ? t.claim !== undefined : until.includes(t.status);
      const timeoutMs = o.timeoutMs ?? 15 * 60_000;
      const deadline = Date.now() + timeoutMs;
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      o.signal?.addEventListener('abort', onAbort);
      let wake: () => void = () => {};
      if (o.sse !== false) {
        void (async () => {
          try {
            for await (const _ of events(stop.signal)) wake();
          } catch {
            // The stream is only a wake-up: polling goes on without it.
          }
        })();
      }
      let last: TaskView | undefined;
      try {
        for (;;) {
          if (o.signal?.aborted) throw o.signal.reason ?? new Error('aborted');
          try {
            last = await sdk.getTask(taskId);
            if (done(last)) return last;
          } catch (err) {
            if (!(err instanceof VouchApiError && err.status === 404)) throw err;
          }
          const left = deadline - Date.now();
          if (left <= 0) throw new TaskWaitTimeoutError({ taskId: String(taskId), status: last?.status, timeoutMs });
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, Math.min(left, o.intervalMs ?? 1000));
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        }
      } finally {
        o.signal?.removeEventListener('abort', onAbort);
        stop.abort();
      }
    },

    /**
     * Creates a task on chain and sends it to a worker (src/sdk/submitTask.ts). Loaded on first
     * use: it needs Node (the model file, the chain client), the reads above do not, so this
     * file runs in a browser too.
     */
    submitTask: async (params: SubmitTaskParameters): Promise<SubmitTaskReturnType> => (await import('./submitTask.ts')).submitTask(params),
  };
  return sdk;
}
