import type { NodeContext } from './context.ts';

const sending = new WeakMap<object, Set<number>>();

/**
 * The outbox rows this process is sending right now (sendTracked, the worker's claim), per
 * node: the running reconciliation (settleStaleTransactions) leaves them to their sender.
 */
export function inFlightTransactions(ctx: Pick<NodeContext, 'store'>): Set<number> {
  let ids = sending.get(ctx.store);
  if (!ids) sending.set(ctx.store, (ids = new Set()));
  return ids;
}
