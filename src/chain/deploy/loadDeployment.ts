import { existsSync, readFileSync } from 'node:fs';
import type { PublicClient } from 'viem';
import { type ChainRpcError, DeploymentNotFoundError, DeploymentStaleError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';
import { type VouchDeployment, deploymentPath } from './deploymentPath.ts';

export type LoadDeploymentParameters = { dataDir: string };

export type LoadDeploymentReturnType = VouchDeployment;

export type LoadDeploymentErrorType = DeploymentNotFoundError | DeploymentStaleError | ChainRpcError;

/**
 * Reads the deployment record of the client's chain from `dataDir` and checks that the chain
 * still holds it: code at every address and the recorded block hash unchanged.
 */
export async function loadDeployment(client: { public: PublicClient }, parameters: LoadDeploymentParameters): Promise<LoadDeploymentReturnType> {
  let chainId: number;
  try {
    chainId = await client.public.getChainId();
  } catch (err) {
    throw toChainError(err);
  }
  const path = deploymentPath(parameters.dataDir, chainId);
  if (!existsSync(path)) throw new DeploymentNotFoundError({ path, chainId });
  let record: VouchDeployment;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as VouchDeployment;
  } catch (err) {
    throw new DeploymentStaleError({ path, reason: 'invalid-record', detail: (err as Error).message });
  }
  if (record.version !== 2 || typeof record.addresses !== 'object' || typeof record.blockNumber !== 'number') {
    throw new DeploymentStaleError({ path, reason: 'invalid-record', detail: 'Missing fields or unknown version.' });
  }
  if (record.chainId !== chainId) {
    throw new DeploymentStaleError({ path, reason: 'chain-mismatch', detail: `The record is for chain ${record.chainId}, the RPC serves chain ${chainId}.` });
  }
  try {
    const entries = Object.entries(record.addresses);
    const codes = await Promise.all(entries.map(([, address]) => client.public.getCode({ address })));
    const missing = entries.filter((_, i) => !codes[i] || codes[i] === '0x').map(([name, address]) => `${name} (${address})`);
    if (missing.length > 0) {
      throw new DeploymentStaleError({ path, reason: 'code-missing', detail: `No code at ${missing.join(', ')}.` });
    }
    const head = await client.public.getBlockNumber({ cacheTime: 0 });
    const block = head >= BigInt(record.blockNumber) ? await client.public.getBlock({ blockNumber: BigInt(record.blockNumber) }) : undefined;
    if (block?.hash !== record.blockHash) {
      throw new DeploymentStaleError({
        path,
        reason: 'block-mismatch',
        detail: block
          ? `Block ${record.blockNumber} is ${block.hash} on this chain, ${record.blockHash} in the record.`
          : `The chain is at block ${head}, the record at block ${record.blockNumber}.`,
      });
    }
  } catch (err) {
    throw toChainError(err);
  }
  return record;
}
