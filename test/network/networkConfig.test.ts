import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkNetworkConfig, DEFAULT_NETWORK_CONFIG, NetworkConfigError, parseWorkloadMix, readNetworkConfigFile, workloadModeOf } from '../../src/network/networkConfig.ts';
import { loadNetworkRecord, saveNetworkRecord } from '../../src/network/networkRecord.ts';

const dir = mkdtempSync(join(tmpdir(), 'vouch-config-'));
const file = (name: string, body: string) => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};

test('readNetworkConfigFile: camelCase keys of the flags, typed', () => {
  const c = readNetworkConfigFile(file('ok.json', JSON.stringify({ workers: 3, cheatRate: 0.5, rpcUrl: 'http://x:8545', workerUrls: ['http://b:9000'] })));
  assert.deepEqual(c, { workers: 3, cheatRate: 0.5, rpcUrl: 'http://x:8545', workerUrls: ['http://b:9000'] });
});

test('readNetworkConfigFile: unknown keys, wrong types and bad JSON are refused with the key named', () => {
  assert.throws(() => readNetworkConfigFile(file('unknown.json', '{"wokers": 3}')), (e: unknown) => e instanceof NetworkConfigError && /unknown key "wokers"/.test(e.message));
  assert.throws(() => readNetworkConfigFile(file('type.json', '{"rate": "fast"}')), /"rate" must be a number/);
  assert.throws(() => readNetworkConfigFile(file('bad.json', '{')), /cannot read config file/);
  assert.throws(() => readNetworkConfigFile(file('array.json', '[]')), /must hold a JSON object/);
});

test('checkNetworkConfig: the defaults pass; out-of-range values are refused before anything starts', () => {
  assert.equal(checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG }).workers, 2);
  const bad: [Partial<typeof DEFAULT_NETWORK_CONFIG>, RegExp][] = [
    [{ workers: 0, cheaters: 0 }, /at least one worker/],
    [{ cheatRate: 1.5 }, /cheatRate/],
    [{ challengeWindow: 30 }, /challengeWindow must be an integer >= 60/],
    [{ moveClock: 10 }, /moveClock/],
    [{ rpcUrl: 'http://x:8545' }, /needs a key/],
    [{ workers: 1.5 }, /workers must be an integer/],
  ];
  for (const [patch, message] of bad) assert.throws(() => checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG, ...patch }), message);
  assert.equal(checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG, workers: 0, cheaters: 0, workerUrls: ['http://b:9000'] }).workerUrls.length, 1);
});

test('the network record: a fresh data dir starts empty; what is saved is read back', () => {
  const d = join(dir, 'data');
  const empty = loadNetworkRecord(d);
  assert.deepEqual(empty, { version: 1, agents: [], workload: { nextDigit: 0, submitted: 0 } });
  saveNetworkRecord(d, { ...empty, chainId: 31337, workload: { nextDigit: 7, submitted: 6 } });
  assert.deepEqual(loadNetworkRecord(d).workload, { nextDigit: 7, submitted: 6 });
});

test('parseWorkloadMix: relative weights per mode; unknown modes, negative weights and an all-zero mix are refused', () => {
  assert.deepEqual(parseWorkloadMix('optimistic=2,sampled=1,quorum=1'), { optimistic: 2, sampled: 1, quorum: 1 });
  assert.deepEqual(parseWorkloadMix('quorum'), { optimistic: 0, sampled: 0, quorum: 1 });
  assert.throws(() => parseWorkloadMix('optimistic=1,fast=2'), /unknown mode "fast"/);
  assert.throws(() => parseWorkloadMix('sampled=-1,quorum=1'), /must be a number >= 0/);
  assert.throws(() => parseWorkloadMix('optimistic=0'), /gives no mode a weight/);
});

test('workloadModeOf: the modes interleave in proportion to their weights, the same sequence for the same n', () => {
  const mix = parseWorkloadMix(DEFAULT_NETWORK_CONFIG.mix);
  const first = Array.from({ length: 8 }, (_, n) => workloadModeOf(mix, n));
  assert.deepEqual(first, ['optimistic', 'sampled', 'quorum', 'optimistic', 'optimistic', 'sampled', 'quorum', 'optimistic']);
  const counts = { optimistic: 0, sampled: 0, quorum: 0 };
  for (let n = 0; n < 400; n++) counts[workloadModeOf(parseWorkloadMix('optimistic=5,sampled=2,quorum=3'), n)]++;
  assert.deepEqual(counts, { optimistic: 200, sampled: 80, quorum: 120 });
  assert.equal(workloadModeOf(parseWorkloadMix('sampled'), 7), 'sampled');
});

test('checkNetworkConfig: quorum tasks need a committee of members; the committee is odd', () => {
  assert.throws(() => checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG, quorumMembers: 1, quorumLiars: 1 }), /quorum tasks need at least 3 quorum members/);
  assert.throws(() => checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG, committee: 2 }), /committee must be odd/);
  assert.equal(checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG, quorumMembers: 0, quorumLiars: 0, mix: 'optimistic' }).quorumMembers, 0);
  // Quorum tasks alone need no worker.
  assert.equal(checkNetworkConfig({ ...DEFAULT_NETWORK_CONFIG, workers: 0, cheaters: 0, mix: 'quorum' }).mix, 'quorum');
});
