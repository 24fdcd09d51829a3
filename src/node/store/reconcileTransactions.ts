import type { Hex } from 'viem';
import { markTxConfirmed } from './markTxConfirmed.ts';
import { markTxFailed } from './markTxFailed.ts';
import { pendingTransactions } from './pendingTransactions.ts';
import type { Store, TxRecord } from './types.ts';

/** What reconciliation needs from the chain (the node adapts its viem client to it). */
export type ReconcileChain = {
  /** The receipt of a hash with the node's confirmations, or null when not (yet) mined. */
  receiptOf(hash: Hex): Promise<{ status: 'success' | 'reverted'; blockNumber: number } | null>;
  /** The account's mined transaction count (eth_getTransactionCount at 'latest'). */
  minedNonce(): Promise<number>;
};

/**
 * - confirmed / reverted: one of its hashes is mined; the outbox row is settled here.
 * - pending: submitted, its nonce not yet used: wait (sendTransaction bumps fees).
 * - nonce-used: its nonce was mined by a hash the store never saw (a crash between a fee
 *   bump's broadcast and its record): look for the effect on chain (e.g. TaskClaimed).
 * - unsent: an intent without any recorded submission (a crash before or just after the
 *   first broadcast): look for the effect on chain, and send only if it is absent.
 */
export type ReconcileOutcome = 'confirmed' | 'reverted' | 'pending' | 'nonce-used' | 'unsent';
export type ReconcileResult = { tx: TxRecord; outcome: ReconcileOutcome };

/**
 * Settles the outbox against the chain on restart, before anything new is sent: every
 * unfinished transaction is looked up by each of its hashes, then by its nonce. Only outcomes
 * the chain proves are written; the others are returned for the node to decide.
 */
export async function reconcileTransactions(store: Store, chain: ReconcileChain): Promise<ReconcileResult[]> {
  const results: ReconcileResult[] = [];
  let mined: number | undefined;
  for (const tx of pendingTransactions(store)) {
    if (tx.submissions.length === 0) {
      results.push({ tx, outcome: 'unsent' });
      continue;
    }
    let outcome: ReconcileOutcome | undefined;
    for (const s of tx.submissions) {
      const receipt = await chain.receiptOf(s.hash);
      if (!receipt) continue;
      if (receipt.status === 'success') {
        markTxConfirmed(store, { txId: tx.id, hash: s.hash, blockNumber: receipt.blockNumber });
        outcome = 'confirmed';
      } else {
        markTxFailed(store, { txId: tx.id, error: `reverted on chain in block ${receipt.blockNumber} (${s.hash})` });
        outcome = 'reverted';
      }
      break;
    }
    if (!outcome) {
      mined ??= await chain.minedNonce();
      outcome = tx.nonce !== undefined && mined > tx.nonce ? 'nonce-used' : 'pending';
    }
    results.push({ tx, outcome });
  }
  return results;
}
