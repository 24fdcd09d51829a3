import { type Hex, parseEther } from 'viem';
import { startAnvil } from '../../chain/anvil/startAnvil.ts';
import { createVouchClients } from '../../chain/clients/createVouchClients.ts';
import { deployVouch } from '../../chain/deploy/deployVouch.ts';
import { fundAgents } from '../../chain/deploy/fundAgents.ts';
import type { Command } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { printResult } from '../print.ts';

export const chainUp: Command = {
  name: 'chain up',
  summary: 'Start a local chain (anvil) and deploy Vouch to it, or deploy Vouch to any RPC.',
  usage: 'vouch chain up --data-dir <dir> [--rpc <url> --key <hex>] [--block-time S] [--window S] [--move-clock S] [--fund <address>...] [--json]',
  options: {
    'data-dir': { type: 'string' },
    rpc: { type: 'string' },
    key: { type: 'string' },
    'block-time': { type: 'string' },
    window: { type: 'string' },
    'move-clock': { type: 'string' },
    fund: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  help: `
Options:
      --data-dir <dir>   Where the deployment record is written (deployment.<chainId>.json);
                         agents started with --deployment-dir <dir> use it.
      --rpc <url>        Deploy to this chain instead of starting anvil (needs --key).
      --key <hex>        Deployer key (default with anvil: its first account).
      --block-time <S>   anvil mines every S seconds (default 1: chain time moves, so
                         challenge windows and dispute clocks run out on their own).
      --window <S>       Challenge window in seconds (default 600).
      --move-clock <S>   Dispute move clock in seconds (default 120).
      --fund <address>   Send 10,000 VOUCH and 10 ETH to this address (repeatable).
      --json             Print the addresses as JSON (one line per event while running).

With anvil, the chain runs until Ctrl-C; the deployment is reused by agents through --data-dir.`,
  async run({ values }) {
    const dataDir = values['data-dir'] as string | undefined;
    if (!dataDir) throw new UsageError('--data-dir is required');
    const json = values.json === true;
    let rpcUrl = values.rpc as string | undefined;
    let key = values.key as Hex | undefined;
    let stop: (() => Promise<void>) | undefined;
    if (!rpcUrl) {
      const anvil = await startAnvil({ blockTime: Number(values['block-time'] ?? 1) });
      rpcUrl = anvil.rpcUrl;
      key ??= anvil.accounts[0].privateKey;
      stop = anvil.stop;
    } else if (!key) {
      throw new UsageError('--key is required with --rpc');
    }
    const deployer = createVouchClients({ rpcUrl, privateKey: key });
    const params = {
      ...(values.window ? { challengeWindow: BigInt(values.window as string) } : {}),
      ...(values['move-clock'] ? { disputeMoveClock: BigInt(values['move-clock'] as string) } : {}),
    };
    const deployment = await deployVouch(deployer, { dataDir, params });
    const fund = (values.fund as string[] | undefined) ?? [];
    if (fund.length > 0) {
      await fundAgents(deployer, { token: deployment.addresses.vouchToken, agents: fund as Hex[], amount: parseEther('10000'), ethAmount: parseEther('10') });
    }
    printResult(json, { rpcUrl, chainId: deployment.chainId, reused: deployment.reused, ...deployment.addresses });
    if (stop) {
      const end = stop;
      await new Promise<void>((resolve) => {
        const quit = () => void end().then(resolve);
        process.once('SIGINT', quit);
        process.once('SIGTERM', quit);
      });
    }
  },
};
