import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Address, Hex } from 'viem';
import { mnemonicToAccount, privateKeyToAddress } from 'viem/accounts';
import { AnvilNotFoundError, AnvilStartError } from '../errors.ts';

export const DEFAULT_ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export type StartAnvilParameters = {
  /** Chain id (default 31337). */
  chainId?: number;
  /** Seconds between blocks; omitted: a block per transaction (automine). */
  blockTime?: number;
  /** Mnemonic of the funded dev accounts (default: anvil's, "test test ... junk"). */
  mnemonic?: string;
  /** Number of funded accounts (default 10). */
  accounts?: number;
  /** ETH per account (default 10000). */
  balance?: number;
  /** Path of the anvil executable (default: the one of @foundry-rs/anvil-<platform>). */
  binary?: string;
  /** How long to wait for `Listening on` (default 15 s). */
  startTimeoutMs?: number;
  /** Extra command-line arguments, e.g. ['--state', 'chain.json']. */
  args?: readonly string[];
  /**
   * Run anvil in its own process group, so a Ctrl-C on the terminal reaches only this process,
   * which can then stop its other children before the chain (default false).
   */
  detached?: boolean;
};

export type AnvilAccount = { address: Address; privateKey: Hex };

export type StartAnvilReturnType = {
  rpcUrl: string;
  chainId: number;
  /** The funded dev accounts, in derivation order. */
  accounts: readonly AnvilAccount[];
  /** Process id of anvil (for diagnostics). */
  pid: number;
  /** Stops anvil (SIGTERM, then SIGKILL after 3 s); resolves when it has exited. Idempotent. */
  stop: () => Promise<void>;
};

export type StartAnvilErrorType = AnvilNotFoundError | AnvilStartError;

const OUTPUT_TAIL_LINES = 64;

/**
 * Starts anvil on a free loopback port (`--port 0`, port read from its `Listening on` line).
 * anvil is killed when this process exits, and on SIGINT/SIGTERM when nothing else handles
 * them; a SIGKILL of this process cannot be caught and leaves anvil running.
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<StartAnvilReturnType> {
  const { chainId = 31337, blockTime, mnemonic = DEFAULT_ANVIL_MNEMONIC, accounts: accountCount = 10 } = parameters;
  const binary = parameters.binary ?? anvilBinary();
  if (!existsSync(binary)) throw new AnvilNotFoundError({ binary });

  const args = ['--host', '127.0.0.1', '--port', '0', '--chain-id', String(chainId), '--accounts', String(accountCount)];
  args.push('--mnemonic', mnemonic);
  if (parameters.balance !== undefined) args.push('--balance', String(parameters.balance));
  if (blockTime !== undefined) args.push('--block-time', String(blockTime));
  args.push(...(parameters.args ?? []));

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, detached: parameters.detached ?? false });
  track(child);
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
  };
  const privateKeys: Hex[] = [];
  let inKeys = false;

  let onEarlyExit = (_code: number | null, _signal: NodeJS.Signals | null) => {};
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new AnvilStartError({ reason: `no "Listening on" line within ${parameters.startTimeoutMs ?? 15_000} ms`, output: tail.join('\n') })),
      parameters.startTimeoutMs ?? 15_000,
    );
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        keep(line);
        if (line.startsWith('Private Keys')) inKeys = true;
        else if (line.startsWith('Wallet')) inKeys = false;
        const key = inKeys ? /^\((\d+)\) (0x[0-9a-fA-F]{64})/.exec(line.trim()) : null;
        if (key) privateKeys[Number(key[1])] = key[2] as Hex;
        const listening = /Listening on [^\s:]+:(\d+)/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => chunk.toString('utf8').split('\n').forEach(keep));
    child.once('error', (cause) => fail(new AnvilStartError({ reason: cause.message, output: tail.join('\n'), cause })));
    onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new AnvilStartError({ reason: `anvil exited early (${signal ?? `code ${code}`})`, output: tail.join('\n') }));
    // 'close', not 'exit': it comes after the last stdout/stderr chunk, so the error carries
    // anvil's own last words ('exit' can arrive before them).
    child.once('close', onEarlyExit);
  });
  child.removeListener('close', onEarlyExit);

  const accounts: AnvilAccount[] = [];
  for (let i = 0; i < accountCount; i++) {
    // The banner is the fast path; deriving (PBKDF2 + BIP-32) is the fallback if its format changes.
    const account = privateKeys[i] ? null : mnemonicToAccount(mnemonic, { addressIndex: i });
    const privateKey = privateKeys[i] ?? (toHex(account!.getHdKey().privateKey!) as Hex);
    accounts.push({ address: privateKeyToAddress(privateKey), privateKey });
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    }));

  return { rpcUrl: `http://127.0.0.1:${port}`, chainId, accounts, pid: child.pid!, stop };
}

/** The native anvil of @foundry-rs/anvil-<platform> (the npm launcher adds a node process in between). */
function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'bin', 'anvil');
  } catch (cause) {
    throw new AnvilNotFoundError({ cause });
  }
}

// ---------------------------------------------------------------- process-exit cleanup

const running = new Set<ChildProcess>();
let hooksInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // Another handler owns shutdown: it will exit, and the 'exit' hook kills anvil then.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function killAll(): void {
  for (const child of running) child.kill('SIGTERM');
}

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
