// The API's answers to everything but a well-formed GET: malformed ids, huge numbers, bad
// query parameters, wrong methods, unknown routes, a failing database. Each must be a 4xx/5xx
// ApiErrorBody, never a crash. Runs against a synthetic index (no chain): well under a second.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { API_ROUTES, createApiApp } from '../../src/api/createApiApp.ts';
import { serveApi } from '../../src/api/serveApi.ts';
import type { ApiErrorBody, DisputeView, TaskView } from '../../src/api/types.ts';
import { annotateTask } from '../../src/indexer/views/tasks.ts';
import { fixtureIndex } from './fixture.ts';

async function expectError(res: Response, status: number, code?: string) {
  assert.equal(res.status, status, `${res.url || ''} -> ${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as ApiErrorBody;
  assert.equal(typeof body.error.message, 'string');
  if (code) assert.equal(body.error.code, code);
}

describe('API error handling', () => {
  const index = fixtureIndex();
  const app = createApiApp({ db: index });

  test('well-formed reads answer 200 from the fixture', async () => {
    annotateTask(index, '2', { label: 7 });
    const task = (await (await app.request('/api/tasks/2')).json()) as TaskView;
    assert.equal(task.status, 'rejected');
    assert.equal(task.claim?.label, 7);
    assert.equal(task.gameId, '1');
    const d = (await (await app.request('/api/disputes/1')).json()) as DisputeView;
    assert.deepEqual(d.moves.map((m) => m.kind), ['GameOpened', 'Bisected', 'Bisected', 'TensorRootRevealed', 'TensorRootRevealed', 'LeafRevealed', 'LeafRevealed', 'ElementPicked', 'Stepped', 'GameResolved']);
    assert.equal(d.moves[8].correctValue, '-2');
    assert.equal(d.moves[8].party, 'challenger');
    assert.equal(d.slashed, undefined, 'no StakeManager slash event in the fixture');
    // pickElement's two events are one transaction: its gas is shown once.
    assert.ok(d.moves[6].gasUsed && !d.moves[7].gasUsed);
  });

  test('malformed ids are 400, ids beyond the index 404', async () => {
    for (const route of ['tasks', 'disputes', 'agents']) {
      for (const bad of ['abc', '-1', '1.5', '0x10', '1e3', '%20', '%00', 'ü', '%E0%A4%A', '1%2F2', '9'.repeat(100_000), '1'.repeat(101), (2n ** 256n).toString(), '12abc']) {
        await expectError(await app.request(`/api/${route}/${bad}`), 400, 'bad_id');
      }
      for (const missing of ['0', '999', (2n ** 256n - 1n).toString(), String(Number.MAX_SAFE_INTEGER + 1), '0000000000000000000000000000000000000000000000000000000000000000000000000000009']) {
        await expectError(await app.request(`/api/${route}/${missing}`), 404, 'not_found');
      }
    }
  });

  test('bad query parameters are 400', async () => {
    for (const q of ['status=bogus', 'status=FINAL', 'limit=0', 'limit=501', 'limit=abc', 'limit=1e3', 'limit=-5', 'limit=99999999999999999999', 'before=-1', 'before=x', 'before=0x1']) {
      await expectError(await app.request(`/api/tasks?${q}`), 400, 'bad_query');
    }
    await expectError(await app.request('/api/disputes?status=open'), 400, 'bad_query');
    await expectError(await app.request('/api/flows?kind=theft'), 400, 'bad_query');
    await expectError(await app.request('/api/flows?taskId=abc'), 400, 'bad_query');
    await expectError(await app.request('/api/flows?limit=1001'), 400, 'bad_query');
    // Huge but well-formed cursors and ids in queries match nothing rather than fail.
    const far = (await (await app.request(`/api/tasks?before=${'9'.repeat(70)}`)).json()) as { tasks: TaskView[] };
    assert.equal(far.tasks.length, 3);
    const none = (await (await app.request(`/api/flows?taskId=${'9'.repeat(70)}`)).json()) as { flows: unknown[] };
    assert.equal(none.flows.length, 0);
  });

  test('every method but GET is 405 with Allow; unknown routes 404', async () => {
    for (const path of API_ROUTES) {
      const concrete = path.replace(':id', '1');
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await app.request(concrete, { method, body: method === 'DELETE' ? undefined : '{"x":1}', headers: { 'content-type': 'application/json' } });
        assert.equal(res.headers.get('allow'), 'GET, HEAD');
        await expectError(res, 405, 'method_not_allowed');
      }
    }
    await expectError(await app.request('/api/nope'), 404, 'not_found');
    await expectError(await app.request('/api/tasks/1/extra'), 404, 'not_found');
    await expectError(await app.request('/api/nope', { method: 'POST' }), 404, 'not_found');
    await expectError(await app.request('/nothing-here'), 404, 'not_found');
  });

  test('a failing database is a 500 ApiErrorBody, and the app keeps answering', async () => {
    const broken = fixtureIndex();
    const app2 = createApiApp({ db: broken });
    broken.db.exec('DROP TABLE games');
    await expectError(await app2.request('/api/disputes'), 500, 'internal');
    await expectError(await app2.request('/api/stats'), 500, 'internal');
    assert.equal((await app2.request('/api/models')).status, 200);
  });

  test('over a socket: garbage, a truncated request and an oversized header leave the server answering', async () => {
    const server = await serveApi({ db: index });
    try {
      const send = (raw: string) =>
        new Promise<string>((resolve) => {
          const sock = connect(server.port, '127.0.0.1');
          let out = '';
          sock.on('data', (d) => (out += d));
          sock.on('error', () => resolve(out));
          sock.on('close', () => resolve(out));
          sock.end(raw);
        });
      assert.match(await send('\x00\x01 garbage\r\n\r\n'), /^HTTP\/1\.1 400/);
      await send('GET /api/tasks/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
      assert.match(await send(`GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`), /^HTTP\/1\.1 431/);
      const res = await fetch(`${server.url}/api/tasks/1`);
      assert.equal(res.status, 200);
    } finally {
      await server.close();
    }
  });

  test('GET /api/events opens with the cursor as a "changed" message', async () => {
    const res = await app.request('/api/events');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    const text = new TextDecoder().decode(value);
    assert.match(text, /event: changed\ndata: \{"block":\d+,"events":0\}/);
    await reader.cancel();
  });

  test('HEAD /api/events opens no stream; streams beyond maxStreams get 503 and free their slot when closed', async () => {
    let subscribers = 0;
    const app2 = createApiApp({ indexer: { db: index, onChange: () => (subscribers++, () => void subscribers--) }, maxStreams: 1 });
    const head = await app2.request('/api/events', { method: 'HEAD' });
    assert.equal(head.status, 200);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(subscribers, 0);
    const first = await app2.request('/api/events');
    const reader = first.body!.getReader();
    await reader.read();
    assert.equal(subscribers, 1);
    await expectError(await app2.request('/api/events'), 503, 'busy');
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(subscribers, 0);
    const again = await app2.request('/api/events');
    assert.equal(again.status, 200);
    await again.body!.cancel();
  });

  test('a static handler serves everything but /api', async () => {
    const withStatic = createApiApp({ db: index, static: (req) => new Response(`page ${new URL(req.url).pathname}`) });
    assert.equal(await (await withStatic.request('/')).text(), 'page /');
    assert.equal(await (await withStatic.request('/dashboard/app.js')).text(), 'page /dashboard/app.js');
    await expectError(await withStatic.request('/api/nope'), 404, 'not_found');
    assert.equal((await withStatic.request('/api/stats')).status, 200);
  });
});
