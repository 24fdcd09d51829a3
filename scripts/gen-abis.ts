/**
 * Writes src/chain/abis/<Contract>.ts (typed `as const` ABI + creation bytecode) for every
 * deployable contract in CONTRACTS, and src/chain/abis/vouchErrorsAbi.ts (every custom error
 * of those contracts, used to decode reverts from any of them, nested calls included).
 *
 *   node --import tsx scripts/gen-abis.ts              # build with the native forge, then write
 *   node --import tsx scripts/gen-abis.ts --check      # exit 1 if the committed files drifted
 *   node --import tsx scripts/gen-abis.ts --from-out   # read contracts/out instead of building
 *
 * It builds only the listed sources (and their imports) into its own out/cache directory, so a
 * colleague's half-written contract elsewhere in contracts/src neither breaks it nor races
 * with their `forge build` on contracts/out.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = fileURLToPath(new URL('..', import.meta.url));
const contractsDir = join(repoDir, 'contracts');
export const abisDir = join(repoDir, 'src', 'chain', 'abis');

/**
 * The deployable contracts, by artifact name and source (relative to contracts/). Adding a
 * contract once it compiles is one line here (ModelRegistry, Tasks, DisputeGame and
 * OneStepVerifier are not committed yet, so they are not listed).
 */
export const CONTRACTS: readonly { name: string; source: string }[] = [
  { name: 'VouchToken', source: 'src/token/VouchToken.sol' },
  { name: 'ProtocolParams', source: 'src/governance/ProtocolParams.sol' },
  { name: 'StakeManager', source: 'src/stake/StakeManager.sol' },
  { name: 'VouchGovernor', source: 'src/governance/VouchGovernor.sol' },
  { name: 'TimelockController', source: '../node_modules/@openzeppelin/contracts/governance/TimelockController.sol' },
  { name: 'IdentityRegistry', source: 'src/identity/IdentityRegistry.sol' },
  { name: 'ReputationRegistry', source: 'src/identity/ReputationRegistry.sol' },
  { name: 'ValidationRegistry', source: 'src/identity/ValidationRegistry.sol' },
  { name: 'ModelRegistry', source: 'src/tasks/ModelRegistry.sol' },
  { name: 'Tasks', source: 'src/tasks/Tasks.sol' },
  { name: 'DisputeGame', source: 'src/dispute/DisputeGame.sol' },
  { name: 'ModelStepVerifier', source: 'src/verifier/ModelStepVerifier.sol' },
  { name: 'QuorumTasks', source: 'src/quorum/QuorumTasks.sol' },
  { name: 'SamplingCoordinator', source: 'src/sampling/SamplingCoordinator.sol' },
];

type AbiItem = { type: string; name?: string; inputs?: { type: string }[] };
type Artifact = { abi: AbiItem[]; bytecode: { object: string; linkReferences: Record<string, unknown> } };

/** Path of the NATIVE forge (the npm launcher always exits 0, hiding failures). */
export function forgeBinaryPath(): string | undefined {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  try {
    const pkgJson = createRequire(import.meta.url).resolve(`@foundry-rs/forge-${process.platform}-${arch}/package.json`);
    const bin = join(dirname(pkgJson), 'bin', 'forge');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Builds CONTRACTS' sources into a private directory; returns its out/ path. */
async function build(forge: string): Promise<string> {
  const workDir = join(tmpdir(), `vouch-gen-abis-${createHash('sha256').update(repoDir).digest('hex').slice(0, 12)}`);
  mkdirSync(workDir, { recursive: true });
  const outDir = join(workDir, 'out');
  const sources = [...new Set(CONTRACTS.map((c) => c.source))];
  const args = ['build', ...sources, '--out', outDir, '--cache-path', join(workDir, 'cache'), '--color', 'never'];
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(forge, args, { cwd: contractsDir, env: { ...process.env, NO_COLOR: '1', FOUNDRY_PROFILE: 'default' } });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.stderr.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
  if (output.code !== 0) throw new Error(`forge build failed (exit ${output.code}):\n${output.text.slice(-4000)}`);
  return outDir;
}

function camel(name: string): string {
  return name[0].toLowerCase() + name.slice(1);
}

function signature(item: AbiItem): string {
  return `${item.name}(${(item.inputs ?? []).map((i) => i.type).join(',')})`;
}

/**
 * The generated files (name -> content), from a fresh build or from `artifactsDir`.
 * Writes nothing.
 */
export async function genAbis(options: { artifactsDir?: string; forge?: string } = {}): Promise<Map<string, string>> {
  let outDir = options.artifactsDir;
  if (!outDir) {
    const forge = options.forge ?? forgeBinaryPath();
    if (!forge) throw new Error('native forge not found: npm install (devDependency @foundry-rs/forge)');
    outDir = await build(forge);
  }
  const files = new Map<string, string>();
  const errors = new Map<string, AbiItem>();
  for (const { name, source } of CONTRACTS) {
    const path = join(outDir, basename(source), `${name}.json`);
    if (!existsSync(path)) throw new Error(`no artifact for ${name} at ${path}: is ${source} right?`);
    const artifact = JSON.parse(readFileSync(path, 'utf8')) as Artifact;
    // Linked libraries would need placeholders filled at deploy time; none of ours use them.
    if (Object.keys(artifact.bytecode.linkReferences).length > 0) throw new Error(`${name} needs library linking: unsupported`);
    for (const item of artifact.abi) if (item.type === 'error') errors.set(signature(item), item);
    const header = `// Generated by scripts/gen-abis.ts from contracts/${source}. Do not edit: run \`node --import tsx scripts/gen-abis.ts\`.\n`;
    files.set(
      `${name}.ts`,
      `${header}\nexport const ${camel(name)}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const;\n\n` +
        `export const ${camel(name)}Bytecode = '${artifact.bytecode.object}' as const;\n`,
    );
  }
  const sorted = [...errors.values()].sort((a, b) => signature(a).localeCompare(signature(b)));
  files.set(
    'vouchErrorsAbi.ts',
    `// Generated by scripts/gen-abis.ts: every custom error of ${CONTRACTS.map((c) => c.name).join(', ')}.\n\n` +
      `export const vouchErrorsAbi = ${JSON.stringify(sorted, null, 2)} as const;\n`,
  );
  return files;
}

// solc's CBOR metadata trailer: ipfs hash of the metadata (which hashes every source, comments
// included) and the compiler version. Ignored when checking drift, so a comment-only change to
// a contract does not fail CI while any change to ABI or code does.
const METADATA = /a2646970667358221220[0-9a-f]{64}64736f6c6343[0-9a-f]{6}0033/g;

function withoutMetadata(content: string): string {
  return content.replace(METADATA, '<metadata>');
}

/** Files in abisDir whose ABI or code differ from `files`, are missing, or are no longer generated. */
export function driftedFiles(files: Map<string, string>, dir = abisDir): string[] {
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')) : [];
  const drifted = present.filter((f) => !files.has(f));
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (!existsSync(path) || withoutMetadata(readFileSync(path, 'utf8')) !== withoutMetadata(content)) drifted.push(name);
  }
  return drifted.sort();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const files = await genAbis(argv.includes('--from-out') ? { artifactsDir: join(contractsDir, 'out') } : {});
  if (argv.includes('--check')) {
    const drifted = driftedFiles(files);
    if (drifted.length > 0) {
      console.error(`src/chain/abis drifted from the contracts: ${drifted.join(', ')}. Run node --import tsx scripts/gen-abis.ts`);
      process.exit(1);
    }
    console.log('src/chain/abis is up to date');
    return;
  }
  mkdirSync(abisDir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(abisDir, name), content);
  console.log(`wrote ${files.size} files to src/chain/abis`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
