#!/usr/bin/env node
// The `vouch` command: Node 20 cannot run TypeScript directly, so register tsx first.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
