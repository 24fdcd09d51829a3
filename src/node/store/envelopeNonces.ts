import type { NonceStore } from '../../protocol/nonceStore.ts';
import type { Store } from './types.ts';

/**
 * The node's NonceStore: a (sender, nonce) pair is accepted once, ever while its envelope is
 * valid, even across restarts (a replay sent after kill -9 is refused like any other).
 * Expired pairs are pruned as new ones arrive: an expired envelope is refused before its nonce
 * is read.
 */
export function envelopeNonceStore(store: Store): NonceStore {
  const insert = store.db.prepare('INSERT INTO envelope_nonces (sender, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const prune = store.db.prepare('DELETE FROM envelope_nonces WHERE expires_at < ?');
  return {
    consume(sender, nonce, expiresAt) {
      prune.run(store.now());
      return insert.run(sender.toLowerCase(), nonce.toString(), expiresAt).changes === 1;
    },
  };
}
