import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as store from '../../../src/node/store/index.ts';

// The public API of src/node/store: changing it must be deliberate (update this list).
test('src/node/store exports', () => {
  assert.deepEqual(Object.keys(store).sort(), [
    'StoreIdentityMismatchError', 'StoreNotFoundError', 'StoreOpenError', 'StoreStateError', 'StoreVersionTooNewError', 'envelopeNonceStore', 'getChainCursor', 'getClaim', 'getDispute',
    'getTask', 'getTx', 'getVerification', 'latestVersion', 'loadIdentity', 'loadTrace', 'markClaimConfirmed', 'markClaimSent', 'markTxConfirmed', 'markTxFailed',
    'markTxSubmitted', 'migrations', 'nextDeadlines', 'openStore', 'pendingTransactions', 'pruneTraces', 'reconcileTransactions', 'recordClaimIntent',
    'recordDispute', 'recordDisputeMove', 'recordObservedClaim', 'recordTask', 'recordTxIntent', 'recordVerification', 'resolveDispute', 'saveIdentity', 'saveTrace',
    'setChainCursor', 'setTaskStatus',
  ]);
});
