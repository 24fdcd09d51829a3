import type { Address, Hex, PublicClient } from 'viem';
import { identityRegistryAbi } from '../../chain/abis/IdentityRegistry.ts';
import { protocolParamsAbi } from '../../chain/abis/ProtocolParams.ts';
import { getStake } from '../../chain/actions/getStake.ts';
import type { VouchAddresses } from '../../chain/deploy/deploymentPath.ts';
import { createA2AClient } from '../../protocol/createA2AClient.ts';
import type { EnvelopeSigner } from '../../protocol/signEnvelope.ts';

export type DiscoverWorkersParameters = {
  addresses: VouchAddresses;
  chainId: number;
  modelId: Hex;
  /** First block to read registrations from (the deployment's). */
  fromBlock: bigint;
  /** The requester's signer: the card check is the one its A2A client will make. */
  signer: EnvelopeSigner;
  /** Per agent: fetching its registration file and card (default 3000 ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type DiscoveredWorker = { agentId: bigint; owner: Address; url: string; freeStake: bigint };

export type DiscoverWorkersReturnType = { workers: DiscoveredWorker[]; skipped: { agentId: bigint; reason: string }[] };

/**
 * Workers for `modelId` found through ERC-8004 rather than configured: every agent registered
 * in the Identity registry whose registration file (its agentURI) names this deployment's
 * Tasks contract and the model, whose A2A card (listed in the file) is valid for this chain and
 * agrees on the agent id, and whose free stake covers the minimum. Agents that fail a check are
 * returned in `skipped` with the reason, never thrown.
 */
export async function discoverWorkers(client: { public: PublicClient }, p: DiscoverWorkersParameters): Promise<DiscoverWorkersReturnType> {
  const doFetch = p.fetch ?? fetch;
  const timeoutMs = p.timeoutMs ?? 3000;
  const [registered, updated, minStake] = await Promise.all([
    client.public.getContractEvents({ address: p.addresses.identityRegistry, abi: identityRegistryAbi, eventName: 'Registered', fromBlock: p.fromBlock }),
    client.public.getContractEvents({ address: p.addresses.identityRegistry, abi: identityRegistryAbi, eventName: 'URIUpdated', fromBlock: p.fromBlock }),
    client.public.readContract({ address: p.addresses.protocolParams, abi: protocolParamsAbi, functionName: 'minStake' }),
  ]);
  const uriOf = new Map(registered.map((e) => [e.args.agentId!, e.args.agentURI!]));
  for (const e of updated) uriOf.set(e.args.agentId!, e.args.newURI!);
  const tasksCaip = `eip155:${p.chainId}:${p.addresses.tasks}`.toLowerCase();

  const results = await Promise.all(
    registered.map(async (e): Promise<DiscoveredWorker | { agentId: bigint; reason: string }> => {
      const agentId = e.args.agentId!;
      const owner = e.args.owner!;
      const skip = (reason: string) => ({ agentId, reason });
      try {
        const res = await doFetch(uriOf.get(agentId)!, { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) return skip(`registration file: HTTP ${res.status}`);
        const file = (await res.json()) as RegistrationFile;
        if (file.active === false) return skip('registration says inactive');
        if (typeof file.vouch?.tasks !== 'string' || file.vouch.tasks.toLowerCase() !== tasksCaip) return skip('not registered for this Tasks contract');
        if (!file.vouch.models?.some((m) => m.modelId?.toLowerCase() === p.modelId.toLowerCase())) return skip('does not serve the model');
        const service = file.services?.find((s) => s.name === 'A2A' && typeof s.endpoint === 'string');
        if (!service) return skip('no A2A service in the registration file');
        const url = new URL(service.endpoint).origin;
        const a2a = createA2AClient(url, { account: p.signer, domain: { chainId: p.chainId, verifyingContract: p.addresses.tasks }, fetch: (input, init) => doFetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }) });
        const { vouch } = await a2a.card();
        if (vouch.agentId !== agentId) return skip(`its card names agent ${vouch.agentId}`);
        if (!vouch.models.some((m) => m.modelId === p.modelId.toLowerCase())) return skip('its card does not list the model');
        const { free } = await getStake(client, { stakeManager: p.addresses.stakeManager, agent: owner });
        if (free < minStake) return skip(`free stake ${free} below the minimum ${minStake}`);
        return { agentId, owner, url, freeStake: free };
      } catch (err) {
        return skip((err as Error).message.split('\n')[0]);
      }
    }),
  );
  const workers = results.filter((r): r is DiscoveredWorker => 'url' in r);
  // One entry per endpoint: an agent re-registered at the same URL counts once (the newest id).
  const byUrl = new Map<string, DiscoveredWorker>();
  for (const w of workers) byUrl.set(w.url, w);
  return {
    workers: [...byUrl.values()],
    skipped: results.filter((r): r is { agentId: bigint; reason: string } => 'reason' in r),
  };
}

type RegistrationFile = {
  active?: boolean;
  services?: { name?: string; endpoint: string }[];
  vouch?: { tasks?: string; models?: { modelId?: string }[] };
};
