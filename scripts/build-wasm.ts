/**
 * Builds the int8 WASM kernels (wasm/assembly/*.ts, AssemblyScript) into the committed binary
 * src/runtime/wasm/kernels.wasm, and the batched SHA-256 of the commitments
 * (wasm/assembly/sha256*.ts) into src/commit/wasm/sha256.wasm. The sources live outside src/
 * because the root tsconfig type checks everything under src/ and AssemblyScript is not
 * TypeScript's dialect.
 *
 *   node --import tsx scripts/build-wasm.ts                 # both binaries
 *   node --import tsx scripts/build-wasm.ts output.wasm     # the kernels only, to output.wasm
 *
 * The compiler is deterministic: test/runtime/wasm/build.test.ts and
 * test/commit/sha256-batch.test.ts rebuild and compare bytes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import asc from 'assemblyscript/asc';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WASM_ENTRY = 'wasm/assembly/index.ts';
export const WASM_BINARY = fileURLToPath(new URL('../src/runtime/wasm/kernels.wasm', import.meta.url));

/**
 * -O3, no managed runtime (the host owns memory), no abort import, SIMD128 (no relaxed SIMD: Node
 * 20 lacks it), and an imported shared memory so worker threads can run kernels on the same data.
 */
const FLAGS = [
  '-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--enable', 'simd', '--enable', 'threads',
  '--importMemory', '--sharedMemory', '--maximumMemory', '65536',
];

/** Compiles the kernels and returns the binary. */
export async function buildWasm(): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  let errors = '';
  const { error } = await asc.main([WASM_ENTRY, ...FLAGS, '--baseDir', ROOT, '--outFile', 'kernels.wasm'], {
    writeFile: (name, contents) => {
      if (name.endsWith('kernels.wasm') && typeof contents !== 'string') binary = contents;
    },
    stderr: { write: (s: string | Uint8Array) => ((errors += String(s)), true) } as never,
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${errors}`);
  if (!binary) throw new Error('asc produced no binary');
  return binary;
}

export const SHA256_WASM_ENTRY = 'wasm/assembly/sha256.ts';
export const SHA256_WASM_BINARY = fileURLToPath(new URL('../src/commit/wasm/sha256.wasm', import.meta.url));

/**
 * Compiles the batched SHA-256. Unlike the kernels it owns its memory (exported, grown by the
 * host): commitments run on the main thread only, so nothing needs a shared memory.
 */
export async function buildSha256Wasm(): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  let errors = '';
  const flags = ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--enable', 'simd'];
  const { error } = await asc.main([SHA256_WASM_ENTRY, ...flags, '--baseDir', ROOT, '--outFile', 'sha256.wasm'], {
    writeFile: (name, contents) => {
      if (name.endsWith('sha256.wasm') && typeof contents !== 'string') binary = contents;
    },
    stderr: { write: (s: string | Uint8Array) => ((errors += String(s)), true) } as never,
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${errors}`);
  if (!binary) throw new Error('asc produced no binary');
  return binary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const targets: Array<[string, () => Promise<Uint8Array>]> = process.argv[2]
    ? [[process.argv[2], buildWasm]]
    : [[WASM_BINARY, buildWasm], [SHA256_WASM_BINARY, buildSha256Wasm]];
  for (const [out, build] of targets) {
    const bytes = await build();
    writeFileSync(out, bytes);
    console.log(`wrote ${out} (${bytes.length} bytes)`);
  }
}
