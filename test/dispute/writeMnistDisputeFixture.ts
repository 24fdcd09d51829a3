// Regenerates contracts/test/fixtures/dispute/mnist-dispute.json (the MNIST dispute games forge plays for gas):
//   node --import tsx test/dispute/writeMnistDisputeFixture.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mnistDisputeFixture } from './mnistDisputeFixture.ts';

const dir = fileURLToPath(new URL('../../contracts/test/fixtures/dispute/', import.meta.url));
mkdirSync(dir, { recursive: true });
const text = mnistDisputeFixture();
writeFileSync(dir + 'mnist-dispute.json', text);
console.log(`mnist-dispute.json: ${(text.length / 1024).toFixed(0)} KiB`);
