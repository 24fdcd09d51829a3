import { hexToBigInt, isAddressEqual, recoverTypedDataAddress, type Address } from 'viem';
import { envelopeTypedData } from './envelopeTypedData.ts';
import {
  EnvelopeExpiredError,
  EnvelopeReplayedError,
  EnvelopeWrongAgentError,
  EnvelopeWrongChainError,
  EnvelopeWrongContractError,
  InvalidSignatureError,
  MalleableSignatureError,
  PayloadMismatchError,
  SignerMismatchError,
} from './errors.ts';
import type { NonceStore } from './nonceStore.ts';
import { payloadHash } from './payloadHash.ts';
import { readEnvelope } from './readEnvelope.ts';
import type { EnvelopeDomain } from './types.ts';

/** What an agent checks envelopes against. */
export type EnvelopeVerifier = {
  domain: EnvelopeDomain;
  /** This agent's ERC-8004 id. */
  agentId: bigint;
  nonces: NonceStore;
  /** Unix seconds. */
  now?: () => number;
  /** Deadlines further ahead than this are refused, which bounds how long nonces are kept. Default 3600. */
  maxTtlSeconds?: number;
};

export type VerifiedEnvelope = { sender: Address; nonce: bigint; deadline: bigint };

// secp256k1 group order.
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Checks the envelope in `params.metadata` of a call to `method` and consumes its nonce. Each failure throws its own
 * ProtocolError; the nonce is consumed last, so a refused request never burns a nonce.
 */
export async function verifyEnvelope(method: string, params: unknown, verifier: EnvelopeVerifier): Promise<VerifiedEnvelope> {
  const env = readEnvelope(params);
  const { domain } = verifier;
  if (env.chainId !== domain.chainId) throw new EnvelopeWrongChainError(env.chainId, domain.chainId);
  if (!isAddressEqual(env.verifyingContract, domain.verifyingContract)) {
    throw new EnvelopeWrongContractError(env.verifyingContract, domain.verifyingContract);
  }
  if (env.agentId !== verifier.agentId) throw new EnvelopeWrongAgentError(env.agentId, verifier.agentId);

  const now = BigInt((verifier.now ?? (() => Math.floor(Date.now() / 1000)))());
  const maxTtl = BigInt(verifier.maxTtlSeconds ?? 3600);
  if (env.deadline < now) throw new EnvelopeExpiredError(`envelope deadline ${env.deadline} has passed (now ${now})`);
  if (env.deadline > now + maxTtl) throw new EnvelopeExpiredError(`envelope deadline ${env.deadline} is more than ${maxTtl} s ahead`);

  const expected = payloadHash(method, params);
  if (env.payloadHash !== expected) throw new PayloadMismatchError(expected, env.payloadHash);

  // ecrecover accepts both (r, s, v) and (r, n - s, v ^ 1); only the low-s form is valid here (EIP-2).
  const r = hexToBigInt(`0x${env.signature.slice(2, 66)}`);
  const s = hexToBigInt(`0x${env.signature.slice(66, 130)}`);
  const v = Number.parseInt(env.signature.slice(130, 132), 16);
  if (v !== 27 && v !== 28) throw new MalleableSignatureError(`signature v must be 27 or 28, got ${v}`);
  if (s > N / 2n) throw new MalleableSignatureError('signature s is in the upper half of the curve order');
  if (r === 0n || r >= N || s === 0n) throw new InvalidSignatureError('signature r or s is out of range');

  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      ...envelopeTypedData(domain, {
        agentId: env.agentId,
        sender: env.sender,
        nonce: env.nonce,
        deadline: env.deadline,
        payloadHash: env.payloadHash,
      }),
      signature: env.signature,
    });
  } catch (cause) {
    throw new InvalidSignatureError('no signer can be recovered from the signature', { cause });
  }
  if (!isAddressEqual(signer, env.sender)) throw new SignerMismatchError(signer, env.sender);

  if (!(await verifier.nonces.consume(env.sender, env.nonce, Number(env.deadline)))) {
    throw new EnvelopeReplayedError(env.sender, env.nonce);
  }
  return { sender: env.sender, nonce: env.nonce, deadline: env.deadline };
}
