import {
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

export type CreateVouchClientsParameters = {
  /** Any EVM JSON-RPC URL: the embedded anvil's, a devnet's, a public chain's. */
  rpcUrl: string;
  /** Key of the account that signs (hex, 0x-prefixed). */
  privateKey: Hex;
  /** The chain, when known (viem chain object or just its id); otherwise read from the RPC per transaction. */
  chain?: Chain | number;
  /** How often to poll for receipts and blocks (default 100 ms on loopback, 2 s elsewhere). */
  pollingInterval?: number;
};

export type VouchClients = {
  public: PublicClient<Transport, Chain | undefined>;
  wallet: WalletClient<Transport, Chain | undefined, Account>;
  rpcUrl: string;
};

export type CreateVouchClientsReturnType = VouchClients;

/**
 * A public client (reads, receipts) and a wallet client (signing with a local key) on one
 * RPC URL. Nothing is cached (`cacheTime: 0`): block numbers feed confirmation counts.
 */
export function createVouchClients(parameters: CreateVouchClientsParameters): CreateVouchClientsReturnType {
  const { rpcUrl, privateKey } = parameters;
  const chain =
    typeof parameters.chain === 'number'
      ? defineChain({
          id: parameters.chain,
          name: `chain ${parameters.chain}`,
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: { default: { http: [rpcUrl] } },
        })
      : parameters.chain;
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(rpcUrl);
  const pollingInterval = parameters.pollingInterval ?? (loopback ? 100 : 2_000);
  const transport = http(rpcUrl, { retryCount: loopback ? 0 : 3 });
  return {
    public: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval }),
    wallet: createWalletClient({ chain, transport, account: privateKeyToAccount(privateKey), cacheTime: 0, pollingInterval }),
    rpcUrl,
  };
}
