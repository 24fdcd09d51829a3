import { claimTxId } from './claimTxId.ts';
import { markTxSubmitted } from './markTxSubmitted.ts';
import type { Store, TxSubmission } from './types.ts';

export type MarkClaimSentParameters = { taskId: bigint; submission: Omit<TxSubmission, 'submittedAt'> & { submittedAt?: number } };

/** Records a signed submission of this node's claim (its hash and nonce): call it from sendTransaction's onSubmitted. */
export function markClaimSent(store: Store, { taskId, submission }: MarkClaimSentParameters): void {
  store.db.transaction(() => markTxSubmitted(store, { txId: claimTxId(store, taskId), submission })).immediate();
}
