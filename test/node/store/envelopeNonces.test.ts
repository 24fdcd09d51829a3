import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { envelopeNonceStore, openStore } from '../../../src/node/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'vouch-nonces-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const alice = '0x00000000000000000000000000000000000000A1';

test('a nonce is accepted once per sender, and still refused after the database is reopened', () => {
  const path = join(dir, 'a.db');
  const first = openStore(path, { now: () => 1_000 });
  const nonces = envelopeNonceStore(first);
  assert.equal(nonces.consume(alice, 7n, 2_000), true);
  assert.equal(nonces.consume(alice, 7n, 2_000), false, 'replay');
  assert.equal(nonces.consume(alice.toLowerCase() as `0x${string}`, 7n, 2_000), false, 'same sender in another case');
  assert.equal(nonces.consume('0x00000000000000000000000000000000000000b2', 7n, 2_000), true, 'another sender');
  first.close();
  const second = openStore(path, { now: () => 1_500 });
  assert.equal(envelopeNonceStore(second).consume(alice, 7n, 2_000), false, 'replay after a restart');
  second.close();
});

test('pairs past their deadline are pruned; live ones are kept', () => {
  let now = 1_000;
  const store = openStore(join(dir, 'b.db'), { now: () => now });
  const nonces = envelopeNonceStore(store);
  nonces.consume(alice, 1n, 1_100);
  nonces.consume(alice, 2n, 5_000);
  now = 2_000;
  nonces.consume(alice, 3n, 5_000);
  const left = (store.db.prepare('SELECT nonce FROM envelope_nonces ORDER BY nonce').all() as { nonce: string }[]).map((r) => r.nonce);
  assert.deepEqual(left, ['2', '3']);
  store.close();
});
