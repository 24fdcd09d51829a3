import type { NodeContext } from './context.ts';

export type AwaitOwnPendingParameters = {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  pollMs?: number;
};

/**
 * Waits until no transaction of the node's account is pending (`getTransactionCount` at
 * `pending` equals `latest`): after a restart, whatever the previous run broadcast is then
 * either mined, and its effect is chain state to derive from, or gone. Returns false when it
 * gave up with something still pending (underpriced, or stuck), which the caller must then
 * treat as possibly in flight.
 */
export async function awaitOwnPending(ctx: Pick<NodeContext, 'clients' | 'log'>, p: AwaitOwnPendingParameters = {}): Promise<boolean> {
  const address = ctx.clients.wallet.account.address;
  const until = Date.now() + (p.timeoutMs ?? 60_000);
  for (;;) {
    const [mined, pending] = await Promise.all([
      ctx.clients.public.getTransactionCount({ address, blockTag: 'latest' }),
      ctx.clients.public.getTransactionCount({ address, blockTag: 'pending' }),
    ]);
    if (pending <= mined) return true;
    if (Date.now() > until) {
      ctx.log('own-transactions-still-pending', { mined, pending });
      return false;
    }
    await new Promise((r) => setTimeout(r, p.pollMs ?? 250));
  }
}
