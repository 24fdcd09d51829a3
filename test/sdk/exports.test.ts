import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as sdk from '../../src/sdk/index.ts';

// The public API of src/sdk: changing it must be deliberate (update this list).
test('src/sdk exports', () => {
  assert.deepEqual(Object.keys(sdk).sort(), ['TaskWaitTimeoutError', 'VouchApiError', 'createVouchSdk', 'submitTask']);
});
