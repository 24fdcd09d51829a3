import type { Address, Hex } from 'viem';
import { type SendTransactionReturnType, sendTransaction } from '../chain/transactions/sendTransaction.ts';
import type { NodeContext } from './context.ts';
import { crashPoint } from './crashPoint.ts';
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
 * before signing, every broadcast recorded, the outcome written. A failure is recorded and
 * rethrown; the (kind, subject) is then free for a retry.
 */
export async function sendTracked(ctx: NodeContext, p: SendTrackedParameters): Promise<SendTransactionReturnType & { txId: number }> {
  const { store } = ctx;
  const tx = recordTxIntent(store, { kind: p.kind, subject: p.subject, taskId: p.taskId, gameId: p.gameId, payload: { to: p.to, data: p.data, functionName: p.functionName } });
  crashPoint(`${p.kind}.intent`);
  try {
    const result = await sendTransaction(ctx.clients, {
      to: p.to,
      data: p.data,
      functionName: p.functionName,
      confirmations: ctx.confirmations,
      onSubmitted: (submission) => {
        markTxSubmitted(store, { txId: tx.id, submission });
        crashPoint(`${p.kind}.submitted`);
      },
    });
    crashPoint(`${p.kind}.mined`);
    markTxConfirmed(store, { txId: tx.id, hash: result.hash, blockNumber: Number(result.receipt.blockNumber) });
    return { ...result, txId: tx.id };
  } catch (err) {
    markTxFailed(store, { txId: tx.id, error: err instanceof Error ? err.message.slice(0, 500) : String(err) });
    throw err;
  }
}
