import type { Hex } from 'viem';
import { reputationRegistryAbi } from '../../chain/abis/ReputationRegistry.ts';
import { type GiveFeedbackParameters, giveFeedback } from '../../chain/actions/giveFeedback.ts';
import type { VouchClients } from '../../chain/clients/createVouchClients.ts';
import { ContractRevertError } from '../../chain/errors.ts';

/** `given` now, `already` earlier (found on chain), or `skipped` with the registry's refusal. */
export type FeedbackOnceResult = { status: 'given' | 'already' | 'skipped'; reason?: string; tx?: Hex };

/**
 * ERC-8004 feedback from this client, once per `feedbackURI`: a NewFeedback of ours for the agent
 * with the same URI (read from the chain) means it was given before, so a requester that restarts
 * after settlement rates nothing twice. A refusal by the registry (e.g.
 * ReputationRegistry_SelfFeedback: the client operates the agent) is `skipped`, not thrown.
 */
export async function giveFeedbackOnce(clients: VouchClients, p: GiveFeedbackParameters & { feedbackURI: string }): Promise<FeedbackOnceResult> {
  const given = await clients.public.getContractEvents({
    address: p.reputationRegistry,
    abi: reputationRegistryAbi,
    eventName: 'NewFeedback',
    args: { agentId: p.agentId, clientAddress: clients.wallet.account.address },
    fromBlock: 0n,
  });
  if (given.some((l) => l.args.feedbackURI === p.feedbackURI)) return { status: 'already' };
  try {
    return { status: 'given', tx: (await giveFeedback(clients, p)).hash };
  } catch (err) {
    if (!(err instanceof ContractRevertError)) throw err;
    return { status: 'skipped', reason: err.errorName ?? err.shortMessage };
  }
}
