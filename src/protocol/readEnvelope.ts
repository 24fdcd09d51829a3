import { isAddress, isHex, type Address, type Hex } from 'viem';
import { VOUCH_EXTENSION_URI } from './constants.ts';
import { EnvelopeMalformedError } from './errors.ts';

/** An envelope with its integers parsed. */
export type Envelope = {
  chainId: number;
  verifyingContract: Address;
  agentId: bigint;
  sender: Address;
  nonce: bigint;
  deadline: bigint;
  payloadHash: Hex;
  signature: Hex;
};

const UINT256_MAX = (1n << 256n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Reads and type-checks the envelope carried in `params.metadata[VOUCH_EXTENSION_URI]`. */
export function readEnvelope(params: unknown): Envelope {
  const metadata = isObject(params) ? params.metadata : undefined;
  const raw = isObject(metadata) ? metadata[VOUCH_EXTENSION_URI] : undefined;
  if (raw === undefined) throw new EnvelopeMalformedError(`missing signed envelope (params.metadata["${VOUCH_EXTENSION_URI}"])`);
  if (!isObject(raw)) throw new EnvelopeMalformedError('the envelope is not an object');
  const { chainId, verifyingContract, sender, payloadHash, signature } = raw;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) throw bad('chainId', 'a positive integer');
  if (typeof verifyingContract !== 'string' || !isAddress(verifyingContract, { strict: false })) throw bad('verifyingContract', 'an address');
  if (typeof sender !== 'string' || !isAddress(sender, { strict: false })) throw bad('sender', 'an address');
  if (typeof payloadHash !== 'string' || !isHex(payloadHash, { strict: true }) || payloadHash.length !== 66) throw bad('payloadHash', '32 bytes of hex');
  if (typeof signature !== 'string' || !isHex(signature, { strict: true }) || signature.length !== 132) throw bad('signature', '65 bytes of hex (r, s, v)');
  return {
    chainId,
    verifyingContract,
    sender,
    payloadHash: payloadHash.toLowerCase() as Hex,
    signature: signature.toLowerCase() as Hex,
    agentId: uint(raw.agentId, 'agentId', UINT256_MAX),
    nonce: uint(raw.nonce, 'nonce', UINT256_MAX),
    deadline: uint(raw.deadline, 'deadline', UINT64_MAX),
  };
}

function uint(value: unknown, field: string, max: bigint): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(value)) throw bad(field, 'a decimal string');
  const n = BigInt(value);
  if (n > max) throw bad(field, `at most ${max}`);
  return n;
}

function bad(field: string, expected: string): EnvelopeMalformedError {
  return new EnvelopeMalformedError(`envelope.${field} must be ${expected}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
