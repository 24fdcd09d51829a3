import type { Address, PublicClient } from 'viem';

export type AcquireNonceParameters = { address: Address; chainId: number; rpcUrl: string };

export type AcquireNonceReturnType = {
  nonce: number;
  /**
   * Call once the transaction is settled: `used` when it reached the node (mined, or still
   * pending), `unused` when it never left this process, so the nonce must be handed out again.
   */
  release: (outcome: 'used' | 'unused') => void;
};

export type AcquireNonceErrorType = Error;

type AccountNonces = { next?: number; inFlight: number; lock: Promise<unknown> };

const accounts = new Map<string, AccountNonces>();

/**
 * Hands out the next nonce of an account: a local counter, so concurrent sends in this
 * process get consecutive nonces without waiting for each other. It is re-read from the
 * chain (`pending` count) whenever the account has nothing in flight, so transactions sent
 * by another process between bursts, a chain reset, or a nonce returned `unused` are picked up.
 */
export async function acquireNonce(client: PublicClient, parameters: AcquireNonceParameters): Promise<AcquireNonceReturnType> {
  const key = `${parameters.chainId}:${parameters.rpcUrl}:${parameters.address.toLowerCase()}`;
  let state = accounts.get(key);
  if (!state) accounts.set(key, (state = { inFlight: 0, lock: Promise.resolve() }));
  const account = state;
  // Serialize the read-modify-write of `next` (the chain read is async).
  const acquired = account.lock.then(async () => {
    if (account.next === undefined || account.inFlight === 0) {
      account.next = await client.getTransactionCount({ address: parameters.address, blockTag: 'pending' });
    }
    account.inFlight++;
    return account.next++;
  });
  account.lock = acquired.catch(() => undefined);
  const nonce = await acquired;
  let released = false;
  return {
    nonce,
    release(outcome) {
      if (released) return;
      released = true;
      account.inFlight--;
      if (outcome === 'unused') account.next = undefined;
    },
  };
}
