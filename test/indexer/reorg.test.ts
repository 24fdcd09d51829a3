// The indexer on anvil without agents: a restart resumes from the cursor, and a reorg (anvil
// evm_revert, then other blocks at the same heights) rolls the index back to the last block the
// chain still has and replays, so balances follow the new chain. A few seconds.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, parseEther } from 'viem';
import { vouchTokenAbi } from '../../src/chain/abis/VouchToken.ts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchReturnType, deployVouch } from '../../src/chain/deploy/deployVouch.ts';
import { writeContract } from '../../src/chain/transactions/writeContract.ts';
import { createIndexer } from '../../src/indexer/createIndexer.ts';
import { IndexMismatchError } from '../../src/indexer/errors.ts';
import { openIndexDb } from '../../src/indexer/openIndexDb.ts';
import { readCursor, syncIndex } from '../../src/indexer/syncIndex.ts';

describe('indexer: cursor, restart, reorg', { timeout: 60_000 }, () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let deployment: DeployVouchReturnType;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-index-'));
  const path = join(dir, 'index.db');

  before(async () => {
    anvil = await startAnvil({});
    deployer = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey });
    deployment = await deployVouch(deployer, {});
  });
  after(async () => anvil?.stop());

  const transfer = (to: Hex, amount: bigint) =>
    writeContract(deployer, { address: deployment.addresses.vouchToken, abi: vouchTokenAbi, functionName: 'transfer', args: [to, amount] });
  const indexedBalance = (index: ReturnType<typeof openIndexDb>, address: Hex) =>
    BigInt((index.db.prepare('SELECT balance FROM accounts WHERE address = ?').get(address) as { balance: string } | undefined)?.balance ?? '0');
  const sync = async (index: ReturnType<typeof openIndexDb>, batchBlocks?: number) => {
    let last;
    do last = await syncIndex(index, { client: deployer.public, deployment, batchBlocks });
    while (last.blocks > 0);
    return last;
  };

  test('small batches, a restart, then a reorg', async () => {
    const [a, b] = [anvil.accounts[1].address, anvil.accounts[2].address];
    await transfer(a, parseEther('5'));
    let index = openIndexDb(path);
    await sync(index, 3); // several batches
    assert.equal(indexedBalance(index, a), parseEther('5'));
    const cursor = readCursor(index)!;
    assert.equal(cursor.block, Number(await deployer.public.getBlockNumber()));
    index.close();

    // Restart: nothing is read twice.
    await transfer(a, parseEther('1'));
    index = openIndexDb(path);
    const resumed = await sync(index);
    assert.equal(indexedBalance(index, a), parseEther('6'));
    assert.equal((index.db.prepare("SELECT COUNT(*) AS n FROM events WHERE name = 'Transfer'").get() as { n: number }).n, 3);
    assert.ok(resumed.block > cursor.block);

    // Reorg: back to the snapshot, then different transactions at the same heights (and one more block).
    const snapshot = (await deployer.public.request({ method: 'evm_snapshot' } as never)) as Hex;
    await transfer(a, parseEther('100'));
    await transfer(a, parseEther('100'));
    await sync(index);
    assert.equal(indexedBalance(index, a), parseEther('206'));
    await deployer.public.request({ method: 'evm_revert', params: [snapshot] } as never);
    await transfer(b, parseEther('7'));
    await transfer(b, parseEther('7'));
    await transfer(b, parseEther('7'));
    const r = await syncIndex(index, { client: deployer.public, deployment });
    assert.equal(r.reorgedTo, resumed.block, 'rolled back to the last block both chains share');
    await sync(index);
    assert.equal(indexedBalance(index, a), parseEther('6'));
    assert.equal(indexedBalance(index, b), parseEther('21'));
    const onChain = await deployer.public.readContract({ address: deployment.addresses.vouchToken, abi: vouchTokenAbi, functionName: 'balanceOf', args: [deployer.wallet.account.address] });
    assert.equal(indexedBalance(index, deployer.wallet.account.address), onChain);
    index.close();
  });

  test('createIndexer from an RPC URL: catchUp reaches the head, the loop follows new blocks and tells its listeners', async () => {
    const indexer = createIndexer({ rpcUrl: anvil.rpcUrl, deployment, registrations: false, pollMs: 50 });
    assert.equal(await indexer.catchUp(), Number(await deployer.public.getBlockNumber()));
    const changed = new Promise<number>((resolve) => indexer.onChange((c) => resolve(c.block)));
    indexer.start();
    await transfer(anvil.accounts[3].address, 1n);
    assert.equal(await changed, Number(await deployer.public.getBlockNumber()));
    await indexer.stop();
  });

  test('a database of another deployment is refused', async () => {
    const index = openIndexDb(path);
    await assert.rejects(syncIndex(index, { client: deployer.public, deployment: { ...deployment, fromBlock: deployment.fromBlock + 1 } }), IndexMismatchError);
    index.close();
  });
});
