// The dashboard's quorum, sampled and ERC-8004 panels in Debian's chromium against the API on
// the synthetic index (test/api/fixture.ts), served as the launcher serves them (static files,
// the bundled SDK): fast and exact, where the launcher test (dashboard.test.ts) shows them live.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Hono } from 'hono';
import { type Browser, chromium } from 'playwright-core';
import { type ServeApiReturnType, serveApi } from '../../src/api/serveApi.ts';
import { sdkBundle } from '../../src/network/sdkBundle.ts';
import { A, fixtureIndex } from '../api/fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DASHBOARD_DIR = new URL('../../src/dashboard/', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

describe('dashboard panels for quorum tasks, samples and ERC-8004 on the fixture index', { timeout: 60_000, skip: existsSync(CHROMIUM) ? false : `no chromium at ${CHROMIUM}` }, () => {
  let api: ServeApiReturnType | undefined;
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
    await api?.close();
  });

  test('quorum seats with phases and outcomes, sampled claims with coin, verifier, answer and outcome, validations by mode per agent', async () => {
    const dashboard = new Hono();
    const file = (name: string) => new Response(readFileSync(join(DASHBOARD_DIR, name)), { headers: { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' } });
    dashboard.get('/', () => file('index.html'));
    dashboard.get('/dashboard/sdk.js', async () => new Response(await sdkBundle(), { headers: { 'content-type': TYPES['.js'] } }));
    dashboard.get('/dashboard/:name{[a-z0-9-]+\\.(css|js)}', (c) => file(c.req.param('name')));
    api = await serveApi({ db: fixtureIndex(), static: dashboard });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });

    // Quorum #1: three seats, two in the majority, the silent one slashed; #2 refunded without a committee.
    await page.waitForSelector('.qtask[data-quorum="1"][data-status="finalized"]');
    const seats = await page.locator('.qtask[data-quorum="1"] .seat').evaluateAll((ns) => ns.map((n) => [(n as HTMLElement).dataset.phase, (n as HTMLElement).dataset.outcome, n.querySelectorAll('.steps i.on').length]));
    assert.deepEqual(seats, [['revealed', 'majority', 3], ['revealed', 'majority', 3], ['committed', 'silent', 2]]);
    const q1 = await page.locator('.qtask[data-quorum="1"]').innerText();
    assert.match(q1, /top1 · 3 seats/);
    assert.match(q1, /2\/3 agreed/);
    assert.match(q1, /silent · −20/);
    assert.match(q1, /1 slashed 20/);
    assert.match(await page.locator('.qtask[data-quorum="2"]').innerText(), /refunded: 3 in the pool, 5 seats needed/);

    // Samples: task 2 escalated to its dispute (rejected), task 1 agreed and final.
    const samples = await page.locator('.sample').evaluateAll((ns) => ns.map((n) => [(n as HTMLElement).dataset.task, (n as HTMLElement).dataset.status, (n as HTMLElement).dataset.sampled]));
    assert.deepEqual(samples, [['2', 'escalated', 'true'], ['1', 'cleared', 'true']]);
    assert.match(await page.locator('.sample[data-task="2"]').innerText(), /sampled → .*disputed: game 1 \(challenger won\)[\s\S]*rejected/i);
    assert.match(await page.locator('.sample[data-task="1"]').innerText(), /sampled → .*agreed[\s\S]*final/i);

    // The worker's agent card: validations per mode (by tag) and the requester's feedback.
    const modes = await page.locator('.agent .modes').first().evaluate((n) => Object.fromEntries([...n.querySelectorAll('span[data-mode]')].map((s) => [(s as HTMLElement).dataset.mode, s.textContent])));
    assert.deepEqual(modes, { optimistic: 'optimistic 1 · 100', quorum: 'quorum 1 · 100', sampled: 'sampled 1 · 100' });
    assert.match(await page.locator('.agent .modes').first().innerText(), /feedback 1 · 100/);
    assert.match(await page.locator('#kpis').innerText(), /1\s*quorum final/i);
    // Money: quorum shares and the silent seat's slash, named by their quorum task.
    const money = await page.locator('#flows').innerText();
    assert.match(money, /quorum #1 majority → /);
    assert.match(money, /→ treasury \(quorum #1\)/);
    assert.ok(A.worker);
    if (process.env.VOUCH_PANELS_SCREENSHOT) await page.screenshot({ path: process.env.VOUCH_PANELS_SCREENSHOT, fullPage: true });
    assert.deepEqual(errors, [], 'no error in the page');
  });
});
