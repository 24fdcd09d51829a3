import { isAddressEqual } from 'viem';
import { getVouchEvents } from '../chain/actions/getVouchEvents.ts';
import type { NodeContext } from './context.ts';
import { crashPoint } from './crashPoint.ts';
import { recordGame, verifyClaim } from './roles/challenger.ts';
import { getChainCursor, getDispute, getTask, setChainCursor, setTaskStatus } from './store/index.ts';

/** Most blocks read per getLogs call (public RPCs cap ranges; a local chain does not care). */
const MAX_RANGE = 2_000n;

/**
 * Applies the Vouch events of every block after the cursor up to the head: a verifier checks
 * new claims, a worker learns of disputes against it, settled tasks are marked. The cursor
 * moves only after a range is applied, so a crash replays it (every handler is idempotent).
 */
export async function syncChain(ctx: NodeContext, fromBlock: bigint): Promise<void> {
  const head = await ctx.clients.public.getBlockNumber({ cacheTime: 0 });
  const cursor = getChainCursor(ctx.store);
  let from = cursor === undefined ? fromBlock : BigInt(cursor) + 1n;
  const me = ctx.clients.wallet.account.address;
  while (from <= head) {
    const to = from + MAX_RANGE - 1n < head ? from + MAX_RANGE - 1n : head;
    const events = await getVouchEvents(ctx.clients, { tasks: ctx.addresses.tasks, disputeGame: ctx.addresses.disputeGame, fromBlock: from, toBlock: to });
    for (const e of events) {
      switch (e.eventName) {
        case 'TaskClaimed':
          if (ctx.roles.has('challenger') && !isAddressEqual(e.args.worker, me)) {
            await verifyClaim(ctx, { taskId: e.args.taskId, worker: e.args.worker, outputHash: e.args.outputHash, traceRoot: e.args.traceRoot, txHash: e.transactionHash ?? undefined });
          }
          break;
        case 'GameOpened':
          if (isAddressEqual(e.args.worker, me) && getTask(ctx.store, e.args.taskId)) {
            await recordGame(ctx, e.args.gameId, e.args.taskId, 'worker', e.args.challenger);
            ctx.log('disputed', { gameId: e.args.gameId, taskId: e.args.taskId, challenger: e.args.challenger });
          } else if (isAddressEqual(e.args.challenger, me) && getTask(ctx.store, e.args.taskId) && !getDispute(ctx.store, e.args.gameId)) {
            // Our own open(), whose receipt a crash lost: the game is played all the same.
            await recordGame(ctx, e.args.gameId, e.args.taskId, 'challenger', e.args.worker);
            ctx.log('dispute-recovered', { gameId: e.args.gameId, taskId: e.args.taskId, worker: e.args.worker });
          }
          break;
        case 'TaskFinalized':
          if (getTask(ctx.store, e.args.taskId)) setTaskStatus(ctx.store, e.args.taskId, 'finalized');
          break;
        case 'TaskCancelled':
          if (getTask(ctx.store, e.args.taskId)) setTaskStatus(ctx.store, e.args.taskId, 'cancelled');
          break;
        default:
          break;
      }
    }
    crashPoint('sync.applied');
    setChainCursor(ctx.store, Number(to));
    from = to + 1n;
  }
}
