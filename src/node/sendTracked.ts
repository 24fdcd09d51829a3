import type { Address, Hex } from 'viem';
import { type SendTransactionReturnType, sendTransaction } from '../chain/transactions/sendTransaction.ts';
import { ContractRevertError } from '../chain/errors.ts';
import type { NodeContext } from './context.ts';
import { crashPoint } from './crashPoint.ts';
import { inFlightTransactions } from './inFlightTransactions.ts';
import { markTxConfirmed, markTxFailed, markTxSubmitted, recordTxIntent } from './store/index.ts';

export type SendTrackedParameters = {
  kind: string;
  subject?: string;
  taskId?: bigint;
  gameId?: bigint;
  to: Address;
  data: Hex;
  functionName: string;
};

/**
 * Sends one transaction through the outbox (docs/node-state.md): the intent is committed
 * before signing, every broadcast recorded, the outcome written. A revert (in simulation or
 * mined) is recorded as a failure and the (kind, subject) is free for a retry. Any other error
 * (the RPC failed, the transaction was given up as stuck) may leave a broadcast in flight: the
 * row stays unfinished, blocking a second transaction for the same effect, until
 * settleStaleTransactions settles it from the chain. Either way the error is rethrown.
 */
export async function sendTracked(ctx: NodeContext, p: SendTrackedParameters): Promise<SendTransactionReturnType & { txId: number }> {
  const { store } = ctx;
  const tx = recordTxIntent(store, { kind: p.kind, subject: p.subject, taskId: p.taskId, gameId: p.gameId, payload: { to: p.to, data: p.data, functionName: p.functionName } });
  crashPoint(`${p.kind}.intent`);
  const sending = inFlightTransactions(ctx);
  sending.add(tx.id);
  try {
    const result = await sendTransaction(ctx.clients, {
      to: p.to,
      data: p.data,
      functionName: p.functionName,
      confirmations: ctx.confirmations,
      onSubmitted: (submission) => {
        crashPoint(`${p.kind}.broadcast`);
        markTxSubmitted(store, { txId: tx.id, submission });
        crashPoint(`${p.kind}.submitted`);
      },
    });
    crashPoint(`${p.kind}.mined`);
    markTxConfirmed(store, { txId: tx.id, hash: result.hash, blockNumber: Number(result.receipt.blockNumber) });
    return { ...result, txId: tx.id };
  } catch (err) {
    if (err instanceof ContractRevertError) markTxFailed(store, { txId: tx.id, error: err.message.slice(0, 500) });
    throw err;
  } finally {
    sending.delete(tx.id);
  }
}
