import type { Address } from 'viem';

/**
 * Remembers which (sender, nonce) pairs were used. `consume` records the pair and answers true
 * if it was fresh, false if it was seen before; it must be atomic (the node's database will
 * implement it with a unique key). `expiresAt` (unix seconds) is the envelope's deadline: after
 * it the pair may be forgotten, because an expired envelope is refused before its nonce is read.
 */
export interface NonceStore {
  consume(sender: Address, nonce: bigint, expiresAt: number): boolean | Promise<boolean>;
}
