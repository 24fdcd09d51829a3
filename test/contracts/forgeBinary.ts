import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

/**
 * Path of the NATIVE forge binary shipped in @foundry-rs/forge-<platform>.
 * The npm launcher (node_modules/.bin/forge) always exits 0, even when tests fail, so it
 * must never be used where the exit code matters.
 */
export function forgeBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@foundry-rs/forge-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${pkg}/package.json`);
  } catch (cause) {
    throw new Error(`forge binary package ${pkg} is not installed; run npm install (devDependency @foundry-rs/forge)`, { cause });
  }
  const bin = join(dirname(pkgJson), 'bin', 'forge');
  if (!existsSync(bin)) throw new Error(`forge binary missing at ${bin}; reinstall ${pkg}`);
  return bin;
}
