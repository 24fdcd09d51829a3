import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildWasm, WASM_BINARY } from '../../../scripts/build-wasm.ts';

test('the committed kernels.wasm is what scripts/build-wasm.ts builds from wasm/assembly', async () => {
  const rebuilt = await buildWasm();
  const committed = readFileSync(WASM_BINARY);
  assert.ok(Buffer.from(rebuilt).equals(committed), 'kernels.wasm is stale: run node --import tsx scripts/build-wasm.ts');
});
