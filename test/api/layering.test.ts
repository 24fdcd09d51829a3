import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// The indexer and the API read the chain and their own database; they never import the agent
// node (src/node) or the interfaces above them (src/sdk, src/cli, src/network, src/dashboard).
test('src/indexer and src/api import nothing from src/node, src/sdk, src/cli, src/network', () => {
  const root = new URL('../../src/', import.meta.url).pathname;
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  for (const file of [...files('indexer'), ...files('api')]) {
    for (const [, spec] of readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'/g)) {
      assert.doesNotMatch(spec, /(^|\/)(node|sdk|cli|network|dashboard)\//, `${file} imports ${spec}`);
    }
  }
});

// The SDK's reads run in a browser: createVouchSdk.ts loads nothing but its errors at import
// time (types are erased; submitTask is imported on first use).
test('src/sdk/createVouchSdk.ts imports only types and its errors', () => {
  const src = readFileSync(new URL('../../src/sdk/createVouchSdk.ts', import.meta.url), 'utf8');
  const runtime = [...src.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)].map((m) => m[1]);
  assert.deepEqual(runtime, ['./errors.ts']);
  assert.doesNotMatch(readFileSync(new URL('../../src/sdk/errors.ts', import.meta.url), 'utf8'), /from 'node:/);
});
