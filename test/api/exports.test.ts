import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../src/api/index.ts';

// The public API of src/api: changing it must be deliberate (update this list).
test('src/api exports', () => {
  assert.deepEqual(Object.keys(api).sort(), ['API_ROUTES', 'ApiError', 'buildOpenApiDocument', 'createApiApp', 'serveApi']);
});
