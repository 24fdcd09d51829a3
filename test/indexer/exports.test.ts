import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as indexer from '../../src/indexer/index.ts';

// The public API of src/indexer: changing it must be deliberate (update this list).
test('src/indexer exports', () => {
  assert.deepEqual(Object.keys(indexer).sort(), [
    'IndexMismatchError', 'IndexOpenError', 'IndexSyncError', 'annotateTask', 'createIndexer', 'fetchRegistrations', 'getAgentView', 'getDisputeView',
    'getQuorumTaskView', 'getSampleView', 'getStats', 'getTaskView', 'listAgents', 'listDisputes', 'listFeedback', 'listFlows', 'listModels',
    'listQuorumTasks', 'listSamples', 'listTasks', 'listValidations', 'openIndexDb', 'readCursor', 'replayDerived', 'syncIndex',
  ]);
});
