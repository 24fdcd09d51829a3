// Regenerates contracts/test/fixtures/verifier/*.json from the TypeScript reference:
//   node --import tsx test/contracts/verifier/writeFixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VERIFIER_FIXTURE_FILES } from './verifierFixtures.ts';

const dir = fileURLToPath(new URL('../../../contracts/test/fixtures/verifier/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, make] of Object.entries(VERIFIER_FIXTURE_FILES)) {
  const text = make();
  writeFileSync(dir + name, text);
  console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
}
