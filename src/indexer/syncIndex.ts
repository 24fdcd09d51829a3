import type { Address, Hex, PublicClient } from 'viem';
import { protocolParamsAbi } from '../chain/abis/ProtocolParams.ts';
import { tasksAbi } from '../chain/abis/Tasks.ts';
import type { VouchDeployment } from '../chain/deploy/deploymentPath.ts';
import { type ApplyContext, applyEvent } from './applyEvent.ts';
import { type ContractBook, type StoredEvent, contractBook, decodeLog, functionNameOf } from './contracts.ts';
import { IndexMismatchError, IndexSyncError } from './errors.ts';
import { derivedTables } from './migrations.ts';
import type { IndexDb } from './openIndexDb.ts';

export type SyncIndexParameters = {
  client: PublicClient;
  deployment: VouchDeployment;
  /** Blocks behind the head that are not indexed yet (default 0: anvil does not reorg by itself). */
  confirmations?: number;
  /** Most blocks per eth_getLogs call (default 2000). */
  batchBlocks?: number;
};

export type SyncIndexReturnType = {
  /** The cursor after this call: every event of blocks <= block is applied. */
  block: number;
  /** Blocks and events applied by this call (0 when already at the head). */
  blocks: number;
  events: number;
  /** Set when a reorg was found: the block the index was rolled back to. */
  reorgedTo?: number;
};

/**
 * One step of the indexer: checks the cursor's block is still on the chain (else rolls the
 * index back to the last block it still agrees on), then reads the next batch of blocks up to
 * head - confirmations: every log of every Vouch contract, the blocks' times, each new
 * transaction's receipt (gas) once, and each new parameter snapshot; then writes all of it and
 * the derived state in one SQLite transaction, so a crash leaves the previous cursor.
 */
export async function syncIndex(index: IndexDb, p: SyncIndexParameters): Promise<SyncIndexReturnType> {
  const { client, deployment } = p;
  const book = contractBook(deployment.addresses);
  const treasury0 = await initMeta(index, p);
  let reorgedTo: number | undefined;

  let cursor = readCursor(index);
  if (cursor) {
    const onChain = await client.getBlock({ blockNumber: BigInt(cursor.block) }).catch(() => undefined);
    if (!onChain || onChain.hash !== cursor.hash) {
      reorgedTo = await rollBack(index, p, book, treasury0);
      cursor = readCursor(index);
    }
  }
  const start = cursor ? cursor.block + 1 : deployment.fromBlock;
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
  const target = head - Math.max(0, p.confirmations ?? 0);
  if (start > target) return { block: start - 1, blocks: 0, events: 0, reorgedTo };
  const end = Math.min(target, start + Math.max(1, p.batchBlocks ?? 2000) - 1);

  let batch: Awaited<ReturnType<typeof readBatch>>;
  try {
    batch = await readBatch(index, client, book, deployment, start, end);
  } catch (cause) {
    throw new IndexSyncError({ fromBlock: start, toBlock: end, cause });
  }
  if (!batch) return { block: start - 1, blocks: 0, events: 0, reorgedTo }; // the chain moved under the batch: retry

  const ctx = applyContext(index, deployment, readMeta(index, 'treasury') as Address);
  index.db.transaction(() => {
    const insBlock = index.db.prepare('INSERT OR REPLACE INTO blocks (number, hash, time) VALUES (?, ?, ?)');
    for (const [number, b] of batch.blocks) insBlock.run(number, b.hash, b.time);
    ctx.timeOf = (n) => batch.blocks.get(n)?.time ?? 0;
    const insTx = index.db.prepare('INSERT OR REPLACE INTO txs (hash, block, sender, target, fn, gas_used, gas_price, success) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const t of batch.txs) insTx.run(t.hash, t.block, t.sender, t.target, t.fn, t.gasUsed, t.gasPrice, t.success ? 1 : 0);
    const insSnap = index.db.prepare('INSERT OR REPLACE INTO snapshots (snapshot_id, challenge_window, dispute_move_clock, slash_treasury_bps, protocol_fee_bps, min_stake, challenger_bond) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const s of batch.snapshots) insSnap.run(s.id, s.challengeWindow, s.disputeMoveClock, s.slashTreasuryBps, s.protocolFeeBps, s.minStake, s.challengerBond);
    const insEvent = index.db.prepare('INSERT OR REPLACE INTO events (block, log_index, tx_hash, contract, name, args) VALUES (?, ?, ?, ?, ?, ?)');
    for (const e of batch.events) {
      insEvent.run(e.block, e.logIndex, e.txHash, e.contract, e.name, JSON.stringify(e.args));
      applyEvent(ctx, e);
    }
    writeMeta(index, 'treasury', ctx.treasury);
    writeCursor(index, end, batch.endHash);
  }).immediate();
  return { block: end, blocks: end - start + 1, events: batch.events.length, reorgedTo };
}

type Batch = {
  events: StoredEvent[];
  blocks: Map<number, { hash: Hex; time: number }>;
  txs: { hash: Hex; block: number; sender: string; target: string | null; fn: string; gasUsed: number; gasPrice: string; success: boolean }[];
  snapshots: { id: string; challengeWindow: number; disputeMoveClock: number; slashTreasuryBps: number; protocolFeeBps: number; minStake: string; challengerBond: string }[];
  endHash: Hex;
};

async function readBatch(index: IndexDb, client: PublicClient, book: ContractBook, deployment: VouchDeployment, start: number, end: number): Promise<Batch | undefined> {
  const logs = await client.getLogs({ address: book.addresses, fromBlock: BigInt(start), toBlock: BigInt(end) });
  const events: StoredEvent[] = [];
  const logHash = new Map<number, Hex>();
  for (const log of logs) {
    if (log.removed) continue;
    const e = decodeLog(book, log);
    if (!e) continue;
    events.push(e);
    if (log.blockHash) logHash.set(e.block, log.blockHash);
  }
  events.sort((x, y) => x.block - y.block || x.logIndex - y.logIndex);

  const blocks = new Map<number, { hash: Hex; time: number }>();
  const numbers = [...new Set([...events.map((e) => e.block), end])];
  await pool(numbers, 8, async (n) => {
    const b = await client.getBlock({ blockNumber: BigInt(n) });
    blocks.set(n, { hash: b.hash, time: Number(b.timestamp) });
  });
  // INVARIANT: The logs and the blocks are from one chain; a reorg in between drops the batch.
  for (const [n, hash] of logHash) if (blocks.get(n)?.hash !== hash) return undefined;

  const known = index.db.prepare('SELECT 1 FROM txs WHERE hash = ?');
  const hashes = [...new Set(events.map((e) => e.txHash))].filter((h) => !known.get(h));
  const txs: Batch['txs'] = [];
  await pool(hashes, 8, async (hash) => {
    const [receipt, tx] = await Promise.all([client.getTransactionReceipt({ hash }), client.getTransaction({ hash })]);
    txs.push({
      hash,
      block: Number(receipt.blockNumber),
      sender: receipt.from,
      target: receipt.to,
      fn: functionNameOf(book, receipt.to, tx.input),
      gasUsed: Number(receipt.gasUsed),
      gasPrice: receipt.effectiveGasPrice.toString(),
      success: receipt.status === 'success',
    });
  });

  const snapshots: Batch['snapshots'] = [];
  const haveSnapshot = index.db.prepare('SELECT 1 FROM snapshots WHERE snapshot_id = ?');
  const wanted = new Map<string, StoredEvent>();
  for (const e of events) if (e.contract === 'tasks' && e.name === 'TaskCreated' && !haveSnapshot.get(String(e.args.snapshotId))) wanted.set(String(e.args.snapshotId), e);
  for (const [id, e] of wanted) {
    const s = await client.readContract({ address: deployment.addresses.tasks, abi: tasksAbi, functionName: 'snapshotOf', args: [BigInt(e.args.taskId as string)], blockNumber: BigInt(e.block) });
    snapshots.push({
      id,
      challengeWindow: Number(s.challengeWindow),
      disputeMoveClock: Number(s.disputeMoveClock),
      slashTreasuryBps: s.slashTreasuryBps,
      protocolFeeBps: s.protocolFeeBps,
      minStake: s.minStake.toString(),
      challengerBond: s.challengerBond.toString(),
    });
  }
  return { events, blocks, txs, snapshots, endHash: blocks.get(end)!.hash };
}

/** Finds the last indexed block the chain still has, deletes the record above it and replays the derived state. */
async function rollBack(index: IndexDb, p: SyncIndexParameters, book: ContractBook, treasury0: Address): Promise<number> {
  const stored = index.db.prepare('SELECT number, hash FROM blocks ORDER BY number DESC').all() as { number: number; hash: Hex }[];
  let ancestor = p.deployment.fromBlock - 1;
  for (const b of stored) {
    const onChain = await p.client.getBlock({ blockNumber: BigInt(b.number) }).catch(() => undefined);
    if (onChain?.hash === b.hash) {
      ancestor = b.number;
      break;
    }
  }
  const ancestorHash = ancestor >= 0 ? (await p.client.getBlock({ blockNumber: BigInt(ancestor) })).hash : ('0x' as Hex);
  void book;
  index.db.transaction(() => {
    for (const t of ['blocks', 'txs'] as const) index.db.prepare(`DELETE FROM ${t} WHERE ${t === 'blocks' ? 'number' : 'block'} > ?`).run(ancestor);
    index.db.prepare('DELETE FROM events WHERE block > ?').run(ancestor);
    replayDerived(index, p.deployment, treasury0);
    writeCursor(index, ancestor, ancestorHash);
  }).immediate();
  return ancestor;
}

/** Clears the derived tables and applies every stored event again, in chain order. */
export function replayDerived(index: IndexDb, deployment: VouchDeployment, treasury0: Address): void {
  for (const t of derivedTables) index.db.prepare(`DELETE FROM ${t}`).run();
  index.db.prepare("DELETE FROM sqlite_sequence WHERE name = 'flows'").run();
  const ctx = applyContext(index, deployment, treasury0);
  const times = new Map((index.db.prepare('SELECT number, time FROM blocks').all() as { number: number; time: number }[]).map((b) => [b.number, b.time]));
  ctx.timeOf = (n) => times.get(n) ?? 0;
  const rows = index.db.prepare('SELECT block, log_index, tx_hash, contract, name, args FROM events ORDER BY block, log_index').all() as {
    block: number; log_index: number; tx_hash: Hex; contract: StoredEvent['contract']; name: string; args: string;
  }[];
  for (const r of rows) applyEvent(ctx, { block: r.block, logIndex: r.log_index, txHash: r.tx_hash, contract: r.contract, name: r.name, args: JSON.parse(r.args) });
  writeMeta(index, 'treasury', ctx.treasury);
}

function applyContext(index: IndexDb, deployment: VouchDeployment, treasury: Address): ApplyContext {
  return {
    db: index.db,
    tasks: deployment.addresses.tasks.toLowerCase(),
    disputeGame: deployment.addresses.disputeGame.toLowerCase(),
    quorumTasks: deployment.addresses.quorumTasks?.toLowerCase(),
    treasury,
    timeOf: () => 0,
    txGame: new Map(),
    txSlash: new Map(),
  };
}

/** Records which chain and deployment the database indexes (refusing another), and the treasury at deployment. */
async function initMeta(index: IndexDb, p: SyncIndexParameters): Promise<Address> {
  const { deployment } = p;
  const identity = `${deployment.chainId}:${deployment.addresses.tasks}:${deployment.fromBlock}`;
  const stored = readMeta(index, 'deployment');
  if (stored !== undefined && stored !== identity) {
    throw new IndexMismatchError({ path: index.path, reason: `it indexes deployment ${stored}, not ${identity}` });
  }
  const treasury0 = readMeta(index, 'initialTreasury');
  if (stored !== undefined && treasury0) return treasury0 as Address;
  const params = await p.client.readContract({ address: deployment.addresses.protocolParams, abi: protocolParamsAbi, functionName: 'params', blockNumber: BigInt(deployment.blockNumber) });
  index.db.transaction(() => {
    writeMeta(index, 'deployment', identity);
    writeMeta(index, 'chainId', String(deployment.chainId));
    writeMeta(index, 'addresses', JSON.stringify(deployment.addresses));
    writeMeta(index, 'initialTreasury', params.treasury);
    if (readMeta(index, 'treasury') === undefined) writeMeta(index, 'treasury', params.treasury);
  })();
  return params.treasury;
}

export function readMeta(index: IndexDb, key: string): string | undefined {
  return (index.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function writeMeta(index: IndexDb, key: string, value: string): void {
  index.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function readCursor(index: IndexDb): { block: number; hash: Hex } | undefined {
  return index.db.prepare('SELECT block, hash FROM cursor WHERE singleton = 1').get() as { block: number; hash: Hex } | undefined;
}

function writeCursor(index: IndexDb, block: number, hash: Hex): void {
  index.db
    .prepare('INSERT INTO cursor (singleton, block, hash, updated_at) VALUES (1, ?, ?, ?) ON CONFLICT (singleton) DO UPDATE SET block = excluded.block, hash = excluded.hash, updated_at = excluded.updated_at')
    .run(block, hash, Math.floor(Date.now() / 1000));
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}
