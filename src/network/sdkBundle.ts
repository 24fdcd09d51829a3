import { build } from 'esbuild';

const ENTRY = new URL('../sdk/browser.ts', import.meta.url).pathname;

let bundle: Promise<string> | undefined;

/**
 * The SDK's browser entry as one ES module, built once per process with esbuild (already what
 * runs our TypeScript through tsx): the dashboard uses the same typed client as scripts do,
 * without a build step in the repository. submitTask's lazy import stays out of the bundle.
 */
export function sdkBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: ['./submitTask.ts'],
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return bundle;
}
