import type { Address } from 'viem';
import type { NonceStore } from './nonceStore.ts';

export type MemoryNonceStore = NonceStore & { readonly size: number };

/** An in-process NonceStore; forgets pairs whose deadline has passed (pruned as it grows). */
export function createMemoryNonceStore(options: { now?: () => number } = {}): MemoryNonceStore {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const seen = new Map<string, number>();
  let pruneAt = 1024;
  return {
    get size() {
      return seen.size;
    },
    consume(sender, nonce, expiresAt) {
      const key = `${sender.toLowerCase()}:${nonce}`;
      if (seen.has(key)) return false;
      seen.set(key, expiresAt);
      if (seen.size >= pruneAt) {
        const t = now();
        for (const [k, exp] of seen) if (exp < t) seen.delete(k);
        pruneAt = Math.max(1024, seen.size * 2);
      }
      return true;
    },
  };
}
