import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VouchError } from '../errors.ts';

/** Another live process holds the data directory. */
export class DataDirLockedError extends VouchError {
  override readonly name = 'DataDirLockedError';
  constructor(dataDir: string, pid: number) {
    super(`the data directory ${dataDir} is in use by process ${pid}`, {
      details: 'Two nodes on one database would both sign and send. Stop that process, or give this one its own --data-dir.',
    });
  }
}

/**
 * Takes the data directory for this process (a `node.pid` file created exclusively). A lock
 * left by a process that no longer runs (kill -9) is taken over; one held by a live process is
 * refused with DataDirLockedError. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'node.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirLockedError(dataDir, Number(readFileSync(path, 'utf8').trim()));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
