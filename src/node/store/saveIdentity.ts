import { StoreIdentityMismatchError } from './errors.ts';
import type { Identity, Store } from './types.ts';

/**
 * Records who this node is and where its contracts are, or checks that the database already
 * belongs to that identity: a database is never reused for another agent, chain or deployment
 * (its nonces, claims and games would be wrong there). New contract names are added.
 */
export function saveIdentity(store: Store, identity: Identity): void {
  const { db } = store;
  db.transaction(() => {
    const row = db.prepare('SELECT agent_id, chain_id, account FROM identity WHERE singleton = 1').get() as
      | { agent_id: string; chain_id: number; account: string }
      | undefined;
    if (!row) {
      db.prepare('INSERT INTO identity (singleton, agent_id, chain_id, account, created_at) VALUES (1, ?, ?, ?, ?)').run(
        identity.agentId.toString(), identity.chainId, identity.account.toLowerCase(), store.now());
    } else {
      if (row.chain_id !== identity.chainId) throw new StoreIdentityMismatchError({ field: 'chain', stored: String(row.chain_id), given: String(identity.chainId) });
      if (row.agent_id !== identity.agentId.toString()) throw new StoreIdentityMismatchError({ field: 'agent', stored: row.agent_id, given: identity.agentId.toString() });
      if (row.account !== identity.account.toLowerCase()) throw new StoreIdentityMismatchError({ field: 'account', stored: row.account, given: identity.account });
    }
    const get = db.prepare('SELECT address FROM contracts WHERE name = ?');
    const put = db.prepare('INSERT INTO contracts (name, address) VALUES (?, ?)');
    for (const [name, address] of Object.entries(identity.contracts)) {
      const stored = (get.get(name) as { address: string } | undefined)?.address;
      if (stored === undefined) put.run(name, address.toLowerCase());
      else if (stored !== address.toLowerCase()) throw new StoreIdentityMismatchError({ field: `contract ${name} at`, stored, given: address });
    }
  }).immediate();
}
