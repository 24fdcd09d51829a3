import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type CreateApiAppParameters, createApiApp } from './createApiApp.ts';

export type ServeApiParameters = CreateApiAppParameters & {
  /** 0 (default): any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
};

export type ServeApiReturnType = { url: string; port: number; close(): Promise<void> };

/** Serves createApiApp over HTTP (@hono/node-server); resolves once listening. */
export async function serveApi(p: ServeApiParameters): Promise<ServeApiReturnType> {
  const app = createApiApp(p);
  const host = p.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: (req) => app.fetch(req), hostname: host, port: p.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Open event streams would hold the server forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
