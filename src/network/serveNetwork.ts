import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Hex } from 'viem';
import { createApiApp } from '../api/createApiApp.ts';
import type { VouchDeployment } from '../chain/deploy/deploymentPath.ts';
import { NetworkConfigError } from './networkConfig.ts';
import type { StatsView } from '../api/types.ts';
import { createIndexer, type ModelHint } from '../indexer/createIndexer.ts';
import { getStats } from '../indexer/views/stats.ts';
import { sdkBundle } from './sdkBundle.ts';

const DASHBOARD_DIR = new URL('../dashboard/', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

/** What the launcher adds to the API: its own processes and counters (GET /api/network). */
export type LauncherStatus = {
  progress: Record<string, number>;
  agents: { name: string; kind: string; url: string; agentId: string; account: string; pid: number }[];
  /** The workload's account (it pays the fees). */
  requester: string;
  rate: number;
  dataDir: string;
  rpcUrl: string;
  challengeWindow: number;
  moveClock: number;
  /** The served model's trace: what each position a dispute bisects holds. */
  model: { name: string; modelId: string; trace: { name: string; shape: number[] }[] };
  labels: Record<string, { label: number; predicted: number; digit: number; mode?: 'optimistic' | 'sampled' }>;
  /** Quorum tasks' digits by QuorumTasks id: true label, and the label the majority's result stands for once finalized. */
  quorumLabels?: Record<string, { label: number; digit: number; predicted?: number; state?: 'finalized' | 'refunded' }>;
  /** The workload's relative weights of the three modes. */
  mix?: { optimistic: number; sampled: number; quorum: number };
};

export type ServeNetworkParameters = {
  host: string;
  port: number;
  /** When `port` is taken, serve on any free port instead of failing (for the default port). */
  anyPortIfTaken?: boolean;
  rpcUrl: string;
  dataDir: string;
  deployment: VouchDeployment;
  /** Names and input shapes of the served models, which the chain does not hold. */
  models: Record<Hex, ModelHint>;
  status: () => LauncherStatus;
  log?: (event: string, fields?: Record<string, unknown>) => void;
};

export type NetworkServer = {
  url: string;
  /** The indexed network's figures (all time, resumed runs included). */
  stats(): StatsView;
  close(): Promise<void>;
};

/**
 * One HTTP server for the network view: the indexer (chain -> `<dataDir>/index.db`, resumed
 * from its cursor), the read-only API under /api (SSE at /api/events), the launcher's status
 * at /api/network, and the dashboard's static files at /.
 */
export async function serveNetwork(p: ServeNetworkParameters): Promise<NetworkServer> {
  const indexer = createIndexer({ deployment: p.deployment, rpcUrl: p.rpcUrl, dbPath: join(p.dataDir, 'index.db'), models: p.models, pollMs: 500, log: p.log });
  await indexer.catchUp();
  indexer.start();

  const dashboard = new Hono();
  dashboard.get('/api/network', (c) => c.json(p.status()));
  const file = (name: string) => {
    const body = readFileSync(join(DASHBOARD_DIR, name));
    return new Response(body, { headers: { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': 'no-cache' } });
  };
  dashboard.get('/', () => file('index.html'));
  dashboard.get('/dashboard/sdk.js', async () => new Response(await sdkBundle(), { headers: { 'content-type': TYPES['.js'], 'cache-control': 'no-cache' } }));
  dashboard.get('/dashboard/:name{[a-z0-9-]+\\.(css|js|svg|html)}', (c) => file(c.req.param('name')));
  const app = createApiApp({ indexer, static: dashboard, sseKeepAliveMs: 10_000 });

  const listen = (port: number) =>
    new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: p.host, port }, () => resolve(s));
      s.once('error', (err) => reject(new NetworkConfigError(`cannot serve the dashboard on ${p.host}:${port}: ${(err as Error).message}`, { details: 'Pick another --port (0: any free port).' })));
    });
  let server: ReturnType<typeof serve>;
  try {
    server = await listen(p.port).catch((err) => (p.anyPortIfTaken && p.port !== 0 ? listen(0) : Promise.reject(err)));
  } catch (err) {
    await indexer.stop();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = p.host === '0.0.0.0' || p.host === '::' ? '127.0.0.1' : p.host;
  return {
    url: `http://${host}:${port}/`,
    stats: () => getStats(indexer.db),
    async close() {
      await new Promise<void>((resolve) => {
        // Open event streams would hold the server forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await indexer.stop();
    },
  };
}
