import { awaitOwnPending } from './awaitOwnPending.ts';
import type { NodeContext } from './context.ts';
import { markTxFailed, pendingTransactions, reconcileTransactions } from './store/index.ts';

export type RecoverOutboxParameters = {
  /** How long to wait for transactions of ours still in the mempool to be mined (default 60 s). */
  settleTimeoutMs?: number;
  pollMs?: number;
};

/**
 * Settles what a previous run left in the outbox (docs/node-state.md, "Crash points"), before
 * anything new is sent. First it waits until no transaction of this account is pending (a
 * broadcast the store may or may not have recorded is then mined, and its effect is chain
 * state), then each unfinished row is looked up by its hashes: mined → confirmed or failed;
 * never broadcast, or its nonce taken by a hash the store never saw → failed, and the action is
 * derived again from the chain (a claim the chain holds is adopted, a move the game already has
 * is not repeated). A row still pending after the wait stays unfinished: nothing is resent
 * beside it, so it cannot be doubled.
 */
export async function recoverOutbox(ctx: NodeContext, p: RecoverOutboxParameters = {}): Promise<void> {
  if (pendingTransactions(ctx.store).length === 0) return;
  const address = ctx.clients.wallet.account.address;
  const settled = await awaitOwnPending(ctx, { timeoutMs: p.settleTimeoutMs, pollMs: p.pollMs });
  const results = await reconcileTransactions(ctx.store, {
    receiptOf: async (hash) => {
      const receipt = await ctx.clients.public.getTransactionReceipt({ hash }).catch((err: Error) => {
        if (err.name === 'TransactionReceiptNotFoundError') return undefined;
        throw err;
      });
      if (!receipt) return null;
      const head = await ctx.clients.public.getBlockNumber({ cacheTime: 0 });
      if (head - receipt.blockNumber + 1n < BigInt(ctx.confirmations)) return null;
      return { status: receipt.status, blockNumber: Number(receipt.blockNumber) };
    },
    minedNonce: () => ctx.clients.public.getTransactionCount({ address, blockTag: 'latest' }),
  });
  for (const { tx, outcome } of results) {
    // An intent may have been broadcast just before the crash: while something of ours is still
    // pending it is left unfinished rather than freed for a second transaction.
    if (outcome === 'nonce-used' || (outcome === 'unsent' && settled)) {
      markTxFailed(ctx.store, { txId: tx.id, error: `${outcome} when the node stopped; derived again from chain state` });
    }
    ctx.log('outbox-recovered', { txId: tx.id, kind: tx.kind, subject: tx.subject, outcome });
  }
}
