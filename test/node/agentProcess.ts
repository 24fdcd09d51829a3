import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Address, type Hex, keccak256, parseEther, toBytes } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchParameters, type DeployVouchReturnType, deployVouch } from '../../src/chain/deploy/deployVouch.ts';
import { fundAgents } from '../../src/chain/deploy/fundAgents.ts';

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;

/** One `vouch` process of an end-to-end test, with the JSON event lines it printed. */
export type AgentProcess = { name: string; key: Hex; address: Hex; proc?: ChildProcess; events: Record<string, unknown>[] };

/** An agent with a key derived from the test's name and its own: the same across runs. */
export function testAgent(test: string, name: string): AgentProcess {
  const key = keccak256(toBytes(`vouch ${test} ${name}`));
  return { name, key, address: privateKeyToAccount(key).address, events: [] };
}

export type RunVouchOptions = {
  /** Resolve once a JSON line with this `event` appears (default: when the process exits 0). */
  readyEvent?: string;
  /** Arm this crash point (VOUCH_CRASH_AT); when the process dies there, it is started again without it. */
  crashAt?: string;
};

/** Runs `vouch ...args` as its own process, collecting its JSON lines into `a.events`. */
export function runVouch(a: AgentProcess, args: string[], { readyEvent, crashAt }: RunVouchOptions = {}): Promise<void> {
  const env = crashAt ? { ...process.env, VOUCH_CRASH_AT: crashAt } : process.env;
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  a.proc = proc;
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  if (crashAt) {
    proc.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL' || !stderr.includes(`crash point ${crashAt}`)) return;
      a.events.push({ event: 'killed', at: crashAt });
      void runVouch(a, args);
    });
  }
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const e = JSON.parse(line) as Record<string, unknown>;
      a.events.push(e);
      if (readyEvent && e.event === readyEvent) resolve();
    });
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${a.name} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

export type TestChain = { anvil: StartAnvilReturnType; deployer: VouchClients; deployment: DeployVouchReturnType };

/**
 * The chain of an end-to-end test: anvil with 1 s blocks, the contracts deployed (record in
 * `<dir>/chain`, the agents' --deployment-dir), and 10,000 VOUCH + 10 ETH for each of `fund`.
 */
export async function startTestChain(dir: string, deploy: Omit<DeployVouchParameters, 'dataDir'>, fund: readonly Address[]): Promise<TestChain> {
  const anvil = await startAnvil({ blockTime: 1 });
  const deployer = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey });
  const deployment = await deployVouch(deployer, { dataDir: join(dir, 'chain'), ...deploy });
  await fundAgents(deployer, { token: deployment.addresses.vouchToken, agents: [...fund], amount: parseEther('10000'), ethAmount: parseEther('10') });
  return { anvil, deployer, deployment };
}
