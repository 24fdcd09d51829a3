import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type Hex, createTestClient, http, keccak256, parseGwei, toBytes } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { InsufficientFundsError, TransactionStuckError } from '../../src/chain/errors.ts';
import { type Submission, sendTransaction } from '../../src/chain/transactions/sendTransaction.ts';

const someone = (i: number) => privateKeyToAddress(keccak256(toBytes(`recipient ${i}`)));

describe('sendTransaction on a real anvil', () => {
  let anvil: StartAnvilReturnType;
  let client: VouchClients;
  let testClient: ReturnType<typeof createTestClient>;

  before(async () => {
    anvil = await startAnvil();
    client = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey, chain: anvil.chainId });
    testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
  });
  afterEach(() => testClient.setAutomine(true));
  after(() => anvil.stop());

  test('20 concurrent sends from one account get consecutive nonces and are all mined', async () => {
    const first = await client.public.getTransactionCount({ address: client.wallet.account.address });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sendTransaction(client, { to: someone(i), value: BigInt(i + 1) })));
    assert.deepEqual(
      results.map((r) => r.nonce).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => first + i),
    );
    assert.ok(results.every((r) => r.receipt.status === 'success'));
    assert.equal(await client.public.getTransactionCount({ address: client.wallet.account.address }), first + 20);
    for (let i = 0; i < 20; i++) assert.equal(await client.public.getBalance({ address: someone(i) }), BigInt(i + 1));
  });

  test('a nonce used behind our back (another process, same key) is picked up', async () => {
    const other = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey, chain: anvil.chainId });
    const signed = await other.wallet.account.signTransaction!({
      chainId: anvil.chainId,
      nonce: await client.public.getTransactionCount({ address: client.wallet.account.address }),
      to: someone(99),
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: parseGwei('10'),
      maxPriorityFeePerGas: parseGwei('1'),
    });
    await client.public.sendRawTransaction({ serializedTransaction: signed });
    const { receipt } = await sendTransaction(client, { to: someone(100), value: 1n });
    assert.equal(receipt.status, 'success');
  });

  test('an account without ETH gets an InsufficientFundsError, and its nonce is not lost', async () => {
    const poor = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: keccak256(toBytes('no eth here')), chain: anvil.chainId });
    await assert.rejects(sendTransaction(poor, { to: someone(8), value: 1n }), (err) => {
      assert.ok(err instanceof InsufficientFundsError);
      assert.equal(err.account, poor.wallet.account.address);
      return true;
    });
    await sendTransaction(client, { to: poor.wallet.account.address, value: 10n ** 17n });
    const { nonce } = await sendTransaction(poor, { to: someone(8), value: 1n });
    assert.equal(nonce, 0);
  });

  test('waits for the confirmations asked for', async () => {
    let settled = false;
    const sent = sendTransaction(client, { to: someone(1), value: 1n, confirmations: 3 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(settled, false, 'mined but only 1 of 3 confirmations');
    await testClient.mine({ blocks: 1 });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(settled, false, '2 of 3 confirmations');
    await testClient.mine({ blocks: 1 });
    const { receipt } = await sent;
    assert.ok((await client.public.getBlockNumber()) >= receipt.blockNumber + 2n);
  });

  test('a transaction reorged out before its confirmations is sent again and confirmed', async () => {
    let firstBlock = 0n;
    const sent = sendTransaction(client, {
      to: someone(7),
      value: 1n,
      confirmations: 3,
      feeBump: { afterMs: 300 },
      onSubmitted: (s) => {
        if (s.attempt === 1) void testClient.mine({ blocks: 2 });
      },
    });
    // Mined at once (automine); one more block, then a reorg replaces both with empty blocks.
    const until = Date.now() + 5_000;
    while (firstBlock === 0n && Date.now() < until) {
      const pending = await client.public.getBlock({ blockTag: 'latest', includeTransactions: true });
      if (pending.transactions.some((tx) => tx.to?.toLowerCase() === someone(7).toLowerCase())) firstBlock = pending.number;
      else await new Promise((r) => setTimeout(r, 20));
    }
    await testClient.mine({ blocks: 1 });
    // anvil_reorg(depth, transactions) is not among viem's typed test actions.
    const request = testClient.request as (args: { method: string; params: unknown[] }) => Promise<unknown>;
    await request({ method: 'anvil_reorg', params: [2, []] });
    const { receipt, hashes } = await sent;
    assert.equal(hashes.length, 2, 'resubmitted once the receipt disappeared');
    assert.ok(receipt.blockNumber > firstBlock, 'mined again after the reorg');
    assert.ok((await client.public.getBlockNumber()) >= receipt.blockNumber + 2n);
  });

  test('a stuck transaction is replaced with higher fees under the same nonce', async () => {
    await testClient.setAutomine(false);
    const submissions: Submission[] = [];
    const { hash, hashes, nonce, receipt } = await sendTransaction(client, {
      to: someone(2),
      value: 7n,
      feeBump: { afterMs: 300, percent: 25 },
      onSubmitted: (s) => {
        submissions.push(s);
        // The chain includes nothing until the fee bump arrives.
        if (s.attempt === 1) void testClient.mine({ blocks: 1 });
      },
    });
    assert.equal(hashes.length, 2);
    assert.equal(hash, hashes[1], 'the replacement was mined');
    assert.ok(submissions.every((s) => s.nonce === nonce));
    assert.ok(submissions[1].maxFeePerGas >= (submissions[0].maxFeePerGas * 125n) / 100n);
    assert.ok(submissions[1].maxPriorityFeePerGas > submissions[0].maxPriorityFeePerGas);
    assert.equal(receipt.status, 'success');
    await assert.rejects(client.public.getTransactionReceipt({ hash: hashes[0] }), { name: 'TransactionReceiptNotFoundError' });
  });

  test('a transaction dropped from the pool is resubmitted', async () => {
    await testClient.setAutomine(false);
    const { hash, hashes } = await sendTransaction(client, {
      to: someone(3),
      value: 1n,
      feeBump: { afterMs: 300 },
      onSubmitted: (s) => {
        if (s.attempt === 0) void testClient.dropTransaction({ hash: s.hash });
        if (s.attempt === 1) void testClient.mine({ blocks: 1 });
      },
    });
    assert.equal(hashes.length, 2);
    assert.equal(hash, hashes[1]);
  });

  test('nothing mined before the timeout is a TransactionStuckError naming every hash', async () => {
    await testClient.setAutomine(false);
    let sentHashes: Hex[] = [];
    await assert.rejects(
      sendTransaction(client, {
        to: someone(4),
        value: 1n,
        feeBump: { afterMs: 200, maxBumps: 1 },
        timeoutMs: 2_000,
        onSubmitted: (s) => (sentHashes = [...sentHashes, s.hash]),
      }),
      (err) => {
        assert.ok(err instanceof TransactionStuckError);
        assert.deepEqual(err.hashes, sentHashes);
        assert.equal(err.hashes.length, 2);
        return true;
      },
    );
    for (const hash of sentHashes) await testClient.dropTransaction({ hash });
    // The counter resyncs from the chain: the abandoned nonce is reused, nothing is stuck behind it.
    await testClient.setAutomine(true);
    const { receipt } = await sendTransaction(client, { to: someone(5), value: 1n });
    assert.equal(receipt.status, 'success');
  });

  test('a chain without EIP-1559 gets legacy transactions, bumped the same way', async () => {
    const legacy = await startAnvil({ args: ['--hardfork', 'berlin'] });
    try {
      const c = createVouchClients({ rpcUrl: legacy.rpcUrl, privateKey: legacy.accounts[0].privateKey });
      const t = createTestClient({ mode: 'anvil', transport: http(legacy.rpcUrl) });
      await t.setAutomine(false);
      const { hash, hashes } = await sendTransaction(c, {
        to: someone(6),
        value: 1n,
        feeBump: { afterMs: 300 },
        onSubmitted: (s) => {
          if (s.attempt === 1) void t.mine({ blocks: 1 });
        },
      });
      assert.equal(hash, hashes[1]);
      const mined = await c.public.getTransaction({ hash });
      assert.equal(mined.type, 'legacy');
    } finally {
      await legacy.stop();
    }
  });
});
