import type { LocalAccount } from 'viem';
import { envelopeTypedData } from './envelopeTypedData.ts';
import { payloadHash } from './payloadHash.ts';
import type { EnvelopeDomain, SignedEnvelope } from './types.ts';

export type EnvelopeSigner = Pick<LocalAccount, 'address' | 'signTypedData'>;

export type SignEnvelopeParameters = {
  /** The ERC-8004 id of the agent the request is addressed to. */
  agentId: bigint;
  /** The JSON-RPC method, e.g. "SendMessage". */
  method: string;
  /** The method's params, without the envelope. */
  params: unknown;
  /** Defaults to 256 random bits, so independent clients never need to coordinate. */
  nonce?: bigint;
  /** Unix seconds; defaults to now + ttlSeconds. */
  deadline?: bigint;
  /** Default 300. */
  ttlSeconds?: number;
  now?: () => number;
};

/** Signs the EIP-712 envelope binding a method and its params to one agent, chain, contract, nonce and deadline. */
export async function signEnvelope(account: EnvelopeSigner, domain: EnvelopeDomain, payload: SignEnvelopeParameters): Promise<SignedEnvelope> {
  const now = payload.now ?? (() => Math.floor(Date.now() / 1000));
  const message = {
    agentId: payload.agentId,
    sender: account.address,
    nonce: payload.nonce ?? randomNonce(),
    deadline: payload.deadline ?? BigInt(now() + (payload.ttlSeconds ?? 300)),
    payloadHash: payloadHash(payload.method, payload.params),
  };
  const signature = await account.signTypedData(envelopeTypedData(domain, message));
  return {
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
    agentId: message.agentId.toString(),
    sender: message.sender,
    nonce: message.nonce.toString(),
    deadline: message.deadline.toString(),
    payloadHash: message.payloadHash,
    signature,
  };
}

function randomNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}
