import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { type Launcher, runLauncher } from '../network/runLauncher.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = new URL('../../docs/dashboard.png', import.meta.url).pathname;

/**
 * The real launcher (anvil, contracts, agent processes, indexer, API) and the dashboard in
 * Debian's chromium: no fixture stands in for the API. The page is opened once, right after
 * start, and never reloaded: everything after the first paint arrives through SSE.
 */
describe('dashboard in a browser against a running network', { timeout: 420_000, skip: existsSync(CHROMIUM) ? false : `no chromium at ${CHROMIUM}` }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-dashboard-'));
  let launcher: Launcher | undefined;
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
    await launcher?.interrupt(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows the agents, a task becoming final and a dispute resolving, quorum committees and sampled claims, live', async () => {
    const t0 = Date.now();
    // All three modes (the default mix: optimistic=2,sampled=1,quorum=1); every sampled claim drawn,
    // and the liar lies on every seat it gets, so a committee with it shows an outvoted seat.
    launcher = runLauncher([
      '--data-dir', dataDir, '--port', '0', '--workers', '1', '--cheaters', '1', '--cheat-rate', '1', '--challengers', '1',
      '--quorum-members', '3', '--quorum-liars', '1', '--quorum-lie-rate', '1', '--sampling-rate', '1', '--rate', '20', '--poll-ms', '300',
    ]);
    const url = (await launcher.waitFor((e) => e.kind === 'dashboard')).url as string;
    const startSeconds = (Date.now() - t0) / 1000;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    const finalAtLoad = await page.locator('.task[data-status="final"]').count();
    assert.equal(finalAtLoad, 0, 'nothing is final when the page opens (so what follows came live)');

    await page.waitForFunction(() => document.querySelectorAll('.agent').length >= 7, undefined, { timeout: 60_000 });
    const agentText = await page.locator('#agents').innerText();
    for (const name of ['worker-1', 'cheater-1', 'challenger-1', 'quorum-1', 'quorum-liar-1']) assert.match(agentText, new RegExp(name));

    // A digit is drawn from the task's on-chain input bytes: the canvas is not blank.
    await page.waitForSelector('.task canvas', { timeout: 60_000 });
    const lit = await page.evaluate(() => {
      const c = document.querySelector('.task canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 100) n++;
      return n;
    });
    assert.ok(lit > 40 && lit < 600, `the digit has ${lit} bright pixels of 784`);

    await page.waitForSelector('.dispute[data-status="challenger-won"] .verdict', { timeout: 150_000 });
    const disputeSeconds = (Date.now() - t0) / 1000;
    const verdict = await page.locator('.dispute[data-status="challenger-won"] .verdict').first().innerText();
    assert.match(verdict, /worker said[\s\S]*challenger said[\s\S]*chain computed/i);
    await page.waitForSelector('.task[data-status="final"]', { timeout: 150_000 });
    const finalSeconds = (Date.now() - t0) / 1000;
    const label = await page.locator('.task[data-status="final"] .label').first().innerText();
    assert.match(label, /^[0-9]$/, 'a final task shows its predicted digit');
    assert.ok((await page.locator('.task[data-status="rejected"]').count()) >= 1, 'the cheat shows as rejected');
    assert.match(await page.locator('#live').getAttribute('class') ?? '', /on/, 'the event stream is connected');
    assert.match(await page.locator('#flows').innerText(), /slash/i);

    // Quorum: a committee finalized by its majority, and (the liar sits on most committees) an outvoted, slashed seat.
    await page.waitForSelector('.qtask[data-status="finalized"] .seat[data-outcome="majority"]', { timeout: 120_000 });
    const majority = await page.locator('.qtask[data-status="finalized"]').first().locator('.seat[data-outcome="majority"]').count();
    assert.ok(majority >= 2, `${majority} majority seats`);
    assert.match(await page.locator('.qtask[data-status="finalized"]').first().innerText(), /[0-9]\/3 agreed/);
    await page.waitForSelector('.qtask .seat[data-outcome="outvoted"]', { timeout: 120_000 });
    assert.match(await page.locator('.qtask .seat[data-outcome="outvoted"]').first().innerText(), /quorum-liar-1[\s\S]*outvoted · −/);
    const quorumSeconds = (Date.now() - t0) / 1000;
    // Sampled: a claim whose coin said yes, drawn to the challenger, answered.
    await page.waitForSelector('.sample[data-sampled="true"] .verifier', { timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('.sample[data-sampled="true"]')].some((n) => /agreed|disputed/.test(n.textContent ?? '')), undefined, { timeout: 90_000 });
    assert.match(await page.locator('.sample[data-sampled="true"] .verifier').first().innerText(), /challenger-1/);
    // ERC-8004 per agent: quorum members' vouch:quorum validations, the worker's vouch:optimistic ones.
    await page.waitForSelector('.agent[data-agent="quorum-1"] .modes span[data-mode="quorum"]:not(.none)', { timeout: 60_000 });
    await page.waitForSelector('.agent[data-agent="worker-1"] .modes span[data-mode="optimistic"]:not(.none)', { timeout: 60_000 });
    const sampledSeconds = (Date.now() - t0) / 1000;

    // Let the charts and the countdowns take one more update, then keep the picture for the README.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(errors, [], 'no error in the page');
    process.stdout.write(`# dashboard: network up in ${startSeconds.toFixed(1)} s, dispute resolved on screen at ${disputeSeconds.toFixed(1)} s, first final task at ${finalSeconds.toFixed(1)} s, quorum seats (majority, outvoted) at ${quorumSeconds.toFixed(1)} s, sampled claim and per-mode validations at ${sampledSeconds.toFixed(1)} s\n`);

    const code = await launcher.interrupt();
    assert.equal(code, 0, launcher.stderr());
  });
});
