// Models the proof size of one conv one-step check per leaf size: the verifier needs the
// K = Cin*kh*kw input elements of the patch (Cin*kh contiguous runs of kw bytes, NCHW int8),
// the K weights of one output channel (contiguous in OIHW) and one int32 bias, each proven
// by a leaf + Merkle path. Per-leaf cost comes from the forge measurement
// (contracts/test/fixtures-out/commit-gas.json, written by CommitGas.t.sol), fitted per
// leaf size as gas = a + b * depth, where gas = calldata + execution - the empty call's
// execution (one step proves many leaves in one call). Run after forge:
//   node --import tsx test/commit/bench/convProofCost.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Row = { leafSize: number; depth: number; calldataGas: number; executionGas: number; baselineGas: number };
const path = fileURLToPath(new URL('../../../contracts/test/fixtures-out/commit-gas.json', import.meta.url));
let rows: Row[];
try {
  rows = JSON.parse(readFileSync(path, 'utf8'));
} catch (cause) {
  throw new Error(`no gas measurements at ${path}: run forge test (node --import tsx --test test/contracts/forge.test.ts) first`, { cause });
}

function fit(leafSize: number): (depth: number) => number {
  const pts = rows.filter((r) => r.leafSize === leafSize).map((r) => [r.depth, r.calldataGas + r.executionGas - r.baselineGas] as const);
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p[0], 0) / n;
  const my = pts.reduce((s, p) => s + p[1], 0) / n;
  const b = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return (d) => my + b * (d - mx);
}

const depthOf = (bytes: number, L: number) => Math.ceil(Math.log2(Math.max(1, Math.ceil(bytes / L))));

type Layer = { name: string; cin: number; h: number; w: number; cout: number; k: number };
const layers: Layer[] = [
  { name: 'MNIST conv1 1x28x28 -> 8, 3x3', cin: 1, h: 28, w: 28, cout: 8, k: 3 },
  { name: 'MNIST conv2 8x14x14 -> 16, 3x3', cin: 8, h: 14, w: 14, cout: 16, k: 3 },
  { name: 'CIFAR-ish 32x32x32 -> 64, 3x3', cin: 32, h: 32, w: 32, cout: 64, k: 3 },
  { name: 'pointwise 64x16x16 -> 64, 1x1', cin: 64, h: 16, w: 16, cout: 64, k: 1 },
];

const sizes = [32, 64, 128, 256, 512];
console.log('leaves to prove (avg over output positions) and modelled gas for one conv element, same-padding, stride 1');
for (const layer of layers) {
  console.log(`\n${layer.name}`);
  console.log('leaf B | input leaves avg/max | weight leaves | total leaves | gas (k) avg');
  for (const L of sizes) {
    const cost = fit(L);
    const inBytes = layer.cin * layer.h * layer.w;
    const wBytes = layer.cout * layer.cin * layer.k * layer.k;
    let sum = 0;
    let max = 0;
    let positions = 0;
    const pad = (layer.k - 1) / 2;
    for (let y = 0; y < layer.h; y++) {
      for (let x = 0; x < layer.w; x++) {
        const leaves = new Set<number>();
        for (let c = 0; c < layer.cin; c++)
          for (let dy = 0; dy < layer.k; dy++)
            for (let dx = 0; dx < layer.k; dx++) {
              const yy = y + dy - pad;
              const xx = x + dx - pad;
              if (yy < 0 || yy >= layer.h || xx < 0 || xx >= layer.w) continue;
              leaves.add(Math.floor((c * layer.h * layer.w + yy * layer.w + xx) / L));
            }
        sum += leaves.size;
        max = Math.max(max, leaves.size);
        positions++;
      }
    }
    const kBytes = layer.cin * layer.k * layer.k;
    let wSum = 0;
    for (let co = 0; co < layer.cout; co++) wSum += Math.floor((co * kBytes + kBytes - 1) / L) - Math.floor((co * kBytes) / L) + 1;
    const wLeaves = wSum / layer.cout;
    const avgIn = sum / positions;
    const gas = avgIn * cost(depthOf(inBytes, L)) + wLeaves * cost(depthOf(wBytes, L)) + cost(depthOf(4 * layer.cout, L)) + cost(depthOf(inBytes, L));
    console.log(`${String(L).padStart(6)} | ${avgIn.toFixed(1).padStart(8)} / ${String(max).padStart(4)}   | ${wLeaves.toFixed(1).padStart(13)} | ${(avgIn + wLeaves + 2).toFixed(1).padStart(12)} | ${(gas / 1000).toFixed(0).padStart(6)}`);
  }
}
console.log('\nper-leaf proof gas (calldata + execution - call baseline) fitted from forge: ' + sizes.map((L) => `${L} B: ${Math.round(fit(L)(10))} at depth 10`).join(', '));
