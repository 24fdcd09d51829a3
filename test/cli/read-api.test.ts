import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { type ServeApiReturnType, serveApi } from '../../src/api/serveApi.ts';
import { fixtureIndex } from '../api/fixture.ts';

// task show / dispute list / dispute show with --api read the indexed view through the SDK
// (the chain path is checked by test/node/e2e.test.ts).
const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;
let api: ServeApiReturnType;
before(async () => {
  api = await serveApi({ db: fixtureIndex() });
});
after(() => api?.close());

async function vouch(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args, '--api', api.url]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return e;
  }
}

test('task show --api prints the indexed task', async () => {
  const json = await vouch('task', 'show', '2', '--json');
  assert.equal(json.code, 0, json.stderr);
  const view = JSON.parse(json.stdout);
  assert.equal(view.taskId, '2');
  assert.equal(view.gameId, '1');
  const text = await vouch('task', 'show', '1');
  assert.match(text.stdout, /^task 1: final/);
});

test('dispute list and dispute show --api', async () => {
  const list = (await vouch('dispute', 'list', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(list.map((g) => [g.gameId, g.status]), [['1', 'challenger-won']]);
  const shown = JSON.parse((await vouch('dispute', 'show', '1', '--json')).stdout);
  assert.equal(shown.status, 'challenger-won');
  assert.ok(shown.moves.length > 0);
  assert.match((await vouch('dispute', 'show', '1')).stdout, /game #1 on task 2: challenger-won/);
});

test('an unknown id is a clear error with exit code 1', async () => {
  const r = await vouch('task', 'show', '42');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /vouch task show: .*(not found|no task)/i);
});
