import type { NodeContext } from './context.ts';
import { inFlightTransactions } from './inFlightTransactions.ts';
import { markTxConfirmed, markTxFailed, pendingTransactions } from './store/index.ts';
import type { TxRecord } from './store/types.ts';

/**
 * While the node runs: settles outbox rows that no sender is waiting for any more, because the
 * send failed without a verdict (an RPC error after the broadcast, a broadcast whose answer was
 * lost, a transaction given up as stuck). Such a row is not failed by its sender, since its
 * transaction may still be mined; until it is settled here its (kind, subject) is blocked, so
 * the action cannot be sent a second time. Settled by the chain only: a submission's receipt
 * (confirmed or reverted); failed when its nonce was used by a transaction it never signed, or
 * when it never got a submission and nothing of ours is pending. Returns the rows settled.
 */
export async function settleStaleTransactions(ctx: NodeContext): Promise<TxRecord[]> {
  const busy = inFlightTransactions(ctx);
  const stale = pendingTransactions(ctx.store).filter((tx) => !busy.has(tx.id));
  if (stale.length === 0) return [];
  const address = ctx.clients.wallet.account.address;
  // Counts first, receipts after: a transaction mined in between is then found by its receipt
  // rather than mistaken for another one that took its nonce.
  const [mined, pending] = await Promise.all([
    ctx.clients.public.getTransactionCount({ address, blockTag: 'latest' }),
    ctx.clients.public.getTransactionCount({ address, blockTag: 'pending' }),
  ]);
  const head = await ctx.clients.public.getBlockNumber({ cacheTime: 0 });
  const settled: TxRecord[] = [];
  for (const tx of stale) {
    let done = false;
    let seen = false;
    try {
      for (const s of tx.submissions) {
        const receipt = await ctx.clients.public.getTransactionReceipt({ hash: s.hash }).catch((err: Error) => {
          if (err.name === 'TransactionReceiptNotFoundError') return undefined;
          throw err;
        });
        if (!receipt) continue;
        seen = true;
        if (head - receipt.blockNumber + 1n < BigInt(ctx.confirmations)) break;
        if (receipt.status === 'success') markTxConfirmed(ctx.store, { txId: tx.id, hash: s.hash, blockNumber: Number(receipt.blockNumber) });
        else markTxFailed(ctx.store, { txId: tx.id, error: `reverted on chain in block ${receipt.blockNumber} (${s.hash})` });
        done = true;
        break;
      }
    } catch (err) {
      ctx.log('outbox-settle-failed', { txId: tx.id, error: (err as Error).message.split('\n')[0] });
      continue;
    }
    if (!seen && tx.nonce !== undefined && mined > tx.nonce) {
      markTxFailed(ctx.store, { txId: tx.id, error: `nonce ${tx.nonce} was used by a transaction this row never signed` });
      done = true;
    } else if (!seen && tx.submissions.length === 0 && pending <= mined) {
      markTxFailed(ctx.store, { txId: tx.id, error: 'never broadcast (nothing of ours is pending)' });
      done = true;
    }
    if (done) {
      settled.push(tx);
      ctx.log('outbox-settled', { txId: tx.id, kind: tx.kind, subject: tx.subject });
    }
  }
  return settled;
}
