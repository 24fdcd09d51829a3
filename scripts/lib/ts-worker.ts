/**
 * Starts a worker thread running a TypeScript module. On Node 20 a worker does not get tsx's
 * loader from `--import tsx` (it fails with ERR_UNKNOWN_FILE_EXTENSION), so the worker first
 * registers tsx through its API, then imports the module.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startTsWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
