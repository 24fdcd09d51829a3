import { createPublicClient, http, type PublicClient } from 'viem';
import { loadDeployment } from '../chain/deploy/loadDeployment.ts';
import type { VouchDeployment } from '../chain/deploy/deploymentPath.ts';
import { createVouchSdk, type VouchSdk } from '../sdk/createVouchSdk.ts';
import { UsageError } from './cli-error.ts';

/** Options of the read-only chain commands (no key: nothing is signed). */
export const readChainOptions = {
  api: { type: 'string' },
  rpc: { type: 'string' },
  'deployment-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const readChainHelp = `
      --api <url>             Read the indexed view through the HTTP API instead (the URL
                              'vouch network up' prints; the TypeScript SDK does the reading).
      --rpc <url>             The chain's JSON-RPC URL.
      --deployment-dir <dir>  Where 'vouch chain up' (or deployVouch) wrote the deployment.
      --json                  Print one JSON object instead of text.`;

export type ReadChain = { client: { public: PublicClient }; deployment: VouchDeployment };

/** A public client on --rpc and the deployment it serves, checked against the chain. */
export async function readChain(values: Record<string, unknown>): Promise<ReadChain> {
  for (const name of ['rpc', 'deployment-dir']) if (!values[name]) throw new UsageError(`--${name} is required`);
  const client = { public: createPublicClient({ transport: http(values.rpc as string, { retryCount: 0 }), cacheTime: 0 }) as PublicClient };
  const deployment = await loadDeployment(client, { dataDir: values['deployment-dir'] as string });
  return { client, deployment };
}

/** A decimal id from a positional argument, or a usage error naming it. */
export function parseId(positionals: string[], what: string): bigint {
  const raw = positionals[0];
  if (raw === undefined || !/^\d{1,78}$/.test(raw)) throw new UsageError(`give the ${what} as a decimal number`);
  return BigInt(raw);
}

/** The SDK on --api, or undefined when the command reads the chain itself. */
export function apiSdk(values: Record<string, unknown>): VouchSdk | undefined {
  return typeof values.api === 'string' ? createVouchSdk({ apiUrl: values.api }) : undefined;
}
