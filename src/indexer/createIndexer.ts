import { type Hex, type PublicClient, createPublicClient, http } from 'viem';
import type { VouchDeployment } from '../chain/deploy/deploymentPath.ts';
import { type FetchRegistrationsParameters, fetchRegistrations } from './fetchRegistrations.ts';
import { type IndexDb, openIndexDb } from './openIndexDb.ts';
import { type SyncIndexReturnType, readCursor, syncIndex, writeMeta } from './syncIndex.ts';
import { annotateTask } from './views/tasks.ts';

export type ModelHint = { name?: string; inputShape?: number[] };

export type CreateIndexerParameters = {
  deployment: VouchDeployment;
  /** A viem public client, or an RPC URL to make one. */
  client?: PublicClient;
  rpcUrl?: string;
  /** The SQLite file (created if missing), or an open IndexDb. */
  dbPath?: string;
  db?: IndexDb;
  /** Blocks behind the head left unindexed (default 0). */
  confirmations?: number;
  /** Delay between syncs when at the head (default 1000 ms). */
  pollMs?: number;
  batchBlocks?: number;
  /** Fetch registration files for names and roles (default true); options for the fetch. */
  registrations?: boolean | FetchRegistrationsParameters;
  /** What the chain does not say about a model: its name and input shape (the launcher knows them from the .vouch file). */
  models?: Record<Hex, ModelHint>;
  log?: (event: string, fields?: Record<string, unknown>) => void;
};

/** What listeners are told when the index changed. */
export type IndexChange = { block: number; events: number; reorgedTo?: number };

export type Indexer = {
  readonly db: IndexDb;
  readonly deployment: VouchDeployment;
  /** One sync step (the loop calls it); resolves with the cursor after it. */
  syncOnce(): Promise<SyncIndexReturnType>;
  /** Syncs until the cursor reaches the head, once. */
  catchUp(): Promise<number>;
  /** Starts the loop (idempotent). */
  start(): void;
  /** Stops the loop and, when the indexer opened it, closes the database. */
  stop(): Promise<void>;
  /** Called after every sync that applied blocks; returns the unsubscribe function. */
  onChange(listener: (change: IndexChange) => void): () => void;
  /** The cursor: every event of blocks <= block is in the database (-1 before the first sync). */
  block(): number;
  /** Records the worker's answer for a task (annotateTask) and tells the listeners. */
  annotateTask(taskId: number | bigint | string, note: { label?: number }): void;
};

/**
 * The network view's indexer: follows every Vouch contract from the deployment's first block
 * into its own SQLite database (src/indexer/syncIndex.ts), resuming from its cursor after a
 * restart. The API (src/api) and the dashboard read the database through src/indexer/views.
 */
export function createIndexer(p: CreateIndexerParameters): Indexer {
  const client = p.client ?? (p.rpcUrl ? createPublicClient({ transport: http(p.rpcUrl, { retryCount: 1 }), cacheTime: 0 }) : undefined);
  if (!client) throw new TypeError('createIndexer needs a client or an rpcUrl');
  const ownsDb = !p.db;
  const index = p.db ?? openIndexDb(p.dbPath ?? ':memory:');
  if (p.models) writeMeta(index, 'modelHints', JSON.stringify(p.models));
  const log = p.log ?? (() => {});
  const listeners = new Set<(change: IndexChange) => void>();
  const registrationOptions = p.registrations === false ? undefined : p.registrations === true || p.registrations === undefined ? {} : p.registrations;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let fetching: Promise<void> | undefined;
  let syncing: Promise<SyncIndexReturnType> | undefined;

  const notify = (change: IndexChange) => {
    for (const l of listeners) {
      try {
        l(change);
      } catch (err) {
        log('listener-error', { error: (err as Error).message });
      }
    }
  };

  const syncOnce = () => {
    // One sync at a time: the loop and a caller (a test, catchUp) share it.
    syncing ??= (async () => {
      try {
        const r = await syncIndex(index, { client, deployment: p.deployment, confirmations: p.confirmations, batchBlocks: p.batchBlocks });
        if (r.blocks > 0 || r.reorgedTo !== undefined) notify({ block: r.block, events: r.events, reorgedTo: r.reorgedTo });
        if (registrationOptions && !fetching) {
          fetching = fetchRegistrations(index, registrationOptions)
            .then((n) => {
              if (n > 0) notify({ block: r.block, events: 0 });
            })
            .catch((err) => log('registration-error', { error: (err as Error).message }))
            .finally(() => (fetching = undefined));
        }
        return r;
      } finally {
        syncing = undefined;
      }
    })();
    return syncing;
  };

  return {
    db: index,
    deployment: p.deployment,
    syncOnce,
    async catchUp() {
      for (;;) {
        const r = await syncOnce();
        if (r.blocks === 0) return r.block;
      }
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let more = false;
          try {
            more = (await syncOnce()).blocks > 0;
          } catch (err) {
            log('sync-error', { error: (err as Error).message.split('\n')[0] });
          }
          if (!running) break;
          if (more) continue;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, p.pollMs ?? 1000);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await syncing?.catch(() => {});
      await fetching;
      if (ownsDb) index.close();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    block() {
      return readCursor(index)?.block ?? -1;
    },
    annotateTask(taskId, note) {
      annotateTask(index, taskId, note);
      notify({ block: readCursor(index)?.block ?? -1, events: 0 });
    },
  };
}
