import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Hex, encodeFunctionData, parseEther } from 'viem';
import { vouchTokenAbi } from '../../src/chain/abis/VouchToken.ts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchReturnType, deployVouch } from '../../src/chain/deploy/deployVouch.ts';
import type { NodeContext } from '../../src/node/context.ts';
import { inFlightTransactions } from '../../src/node/inFlightTransactions.ts';
import { sendTracked } from '../../src/node/sendTracked.ts';
import { settleStaleTransactions } from '../../src/node/settleStaleTransactions.ts';
import { getTx, markTxSubmitted, openStore, recordTxIntent } from '../../src/node/store/index.ts';

// A send that fails without a verdict (here: the RPC answers nothing but errors while the
// transaction is being mined) must not free its effect for a second transaction; the running
// node settles the row from the chain instead.

describe('settleStaleTransactions: unfinished outbox rows nobody is waiting for, settled by the chain', { timeout: 60_000 }, () => {
  let anvil: StartAnvilReturnType;
  let clients: VouchClients;
  let deployment: DeployVouchReturnType;
  const store = openStore(':memory:');
  const events: { event: string; fields?: Record<string, unknown> }[] = [];
  let ctx: NodeContext;
  const rpc = (method: string, params: unknown[] = []) => clients.public.request({ method: method as never, params: params as never });
  const transfer = (amount: bigint) => ({ to: deployment.addresses.vouchToken, data: encodeFunctionData({ abi: vouchTokenAbi, functionName: 'transfer', args: [anvil.accounts[1].address, amount] }), functionName: 'transfer' });

  before(async () => {
    anvil = await startAnvil();
    clients = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey });
    deployment = await deployVouch(clients, {});
    ctx = {
      roles: new Set(['worker']),
      clients,
      store,
      addresses: deployment.addresses,
      agentId: 1n,
      models: new Map(),
      cheatRate: 0,
      verifyProbability: 1,
      confirmations: 1,
      random: Math.random,
      log: (event, fields) => events.push({ event, fields }),
    };
  });

  after(async () => {
    store.close();
    await anvil?.stop();
  });

  test('an RPC failure after the broadcast leaves the row unfinished (no second send), then the receipt confirms it', async () => {
    await rpc('evm_setAutomine', [false]);
    // Receipts fail while the transaction waits in the mempool: sendTracked gives up without a verdict.
    const failing = { ...ctx, clients: { ...clients, public: new Proxy(clients.public, { get: (t, k) => (k === 'getTransactionReceipt' ? () => Promise.reject(new Error('rpc down')) : Reflect.get(t, k)) }) } } as NodeContext;
    await assert.rejects(sendTracked(failing, { kind: 'pay', subject: 'pay:1', ...transfer(1n) }));
    const row = store.db.prepare("SELECT id FROM outbox WHERE subject = 'pay:1'").get() as { id: number };
    assert.equal(getTx(store, row.id)?.status, 'submitted', 'not failed: it may still be mined');
    assert.throws(() => recordTxIntent(store, { kind: 'pay', subject: 'pay:1', payload: transfer(1n) }), /already submitted/);
    assert.deepEqual(await settleStaleTransactions(ctx), [], 'still in the mempool: left alone');
    await rpc('evm_mine');
    const settled = await settleStaleTransactions(ctx);
    assert.deepEqual(settled.map((t) => t.id), [row.id]);
    assert.equal(getTx(store, row.id)?.status, 'confirmed');
    await rpc('evm_setAutomine', [true]);
  });

  test('a row being sent by this process is left to its sender', async () => {
    const tx = recordTxIntent(store, { kind: 'pay', subject: 'pay:2', payload: transfer(2n) });
    inFlightTransactions(ctx).add(tx.id);
    assert.deepEqual(await settleStaleTransactions(ctx), []);
    inFlightTransactions(ctx).delete(tx.id);
    // Nobody sends it and nothing of ours is pending: it was never broadcast.
    assert.deepEqual((await settleStaleTransactions(ctx)).map((t) => t.id), [tx.id]);
    assert.equal(getTx(store, tx.id)?.status, 'failed');
  });

  test('a row whose nonce was taken by a transaction it never signed fails; a mined revert fails', async () => {
    const used = (await clients.public.getTransactionCount({ address: clients.wallet.account.address })) - 1;
    const tx = recordTxIntent(store, { kind: 'pay', subject: 'pay:3', payload: transfer(3n) });
    markTxSubmitted(store, { txId: tx.id, submission: { hash: `0x${'ab'.repeat(32)}` as Hex, nonce: used, attempt: 0, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n } });
    await settleStaleTransactions(ctx);
    assert.equal(getTx(store, tx.id)?.status, 'failed');
    assert.match(getTx(store, tx.id)?.error ?? '', /never signed/);

    // A transfer of more than the balance, sent without simulation, reverts once mined.
    const reverting = recordTxIntent(store, { kind: 'pay', subject: 'pay:4', payload: transfer(parseEther('1000000000000')) });
    const hash = await clients.wallet.sendTransaction({ ...transfer(parseEther('1000000000000')), gas: 100_000n, chain: null });
    const sent = await clients.public.getTransaction({ hash });
    markTxSubmitted(store, { txId: reverting.id, submission: { hash, nonce: sent.nonce, attempt: 0, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n } });
    await settleStaleTransactions(ctx);
    assert.equal(getTx(store, reverting.id)?.status, 'failed');
    assert.match(getTx(store, reverting.id)?.error ?? '', /reverted on chain/);
  });
});
