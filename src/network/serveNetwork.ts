import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { DeployVouchReturnType } from '../chain/deploy/deployVouch.ts';

const DASHBOARD_DIR = new URL('../dashboard/', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

/** What the launcher adds to the API: its own processes and counters (GET /api/network). */
export type LauncherStatus = {
  progress: Record<string, number>;
  agents: { name: string; kind: string; url: string; agentId: string; account: string; pid: number }[];
  rate: number;
  dataDir: string;
  rpcUrl: string;
};

export type ServeNetworkParameters = {
  host: string;
  port: number;
  rpcUrl: string;
  chainId: number;
  dataDir: string;
  deployment: DeployVouchReturnType;
  status: () => LauncherStatus;
};

export type NetworkServer = { url: string; close(): Promise<void> };

/** The dashboard (static files of src/dashboard at /) and the launcher's status, on one HTTP server. */
export async function serveNetwork(p: ServeNetworkParameters): Promise<NetworkServer> {
  const app = new Hono();
  app.get('/api/network', (c) => c.json(p.status()));
  const file = (name: string) => {
    const body = readFileSync(join(DASHBOARD_DIR, name));
    return new Response(body, { headers: { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': 'no-cache' } });
  };
  app.get('/', () => file('index.html'));
  app.get('/dashboard/:name{[a-z0-9-]+\\.(css|js|svg|html)}', (c) => file(c.req.param('name')));

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: p.host, port: p.port }, () => resolve(s));
    s.once('error', (err) => reject(new Error(`cannot serve the dashboard on ${p.host}:${p.port}: ${(err as Error).message} (pick another --port)`)));
  });
  const port = (server.address() as AddressInfo).port;
  const host = p.host === '0.0.0.0' ? '127.0.0.1' : p.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SSE streams stay open: closeAllConnections ends them so close() can finish.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
