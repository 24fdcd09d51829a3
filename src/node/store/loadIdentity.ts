import type { Address } from 'viem';
import type { Identity, Store } from './types.ts';

/** The identity saved by saveIdentity, or undefined for a fresh database. */
export function loadIdentity(store: Store): Identity | undefined {
  const row = store.db.prepare('SELECT agent_id, chain_id, account FROM identity WHERE singleton = 1').get() as
    | { agent_id: string; chain_id: number; account: Address }
    | undefined;
  if (!row) return undefined;
  const contracts: Record<string, Address> = {};
  for (const c of store.db.prepare('SELECT name, address FROM contracts ORDER BY name').all() as { name: string; address: Address }[]) {
    contracts[c.name] = c.address;
  }
  return { agentId: BigInt(row.agent_id), chainId: row.chain_id, account: row.account, contracts };
}
