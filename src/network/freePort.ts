import { createServer } from 'node:net';

/** A port free on `host` right now (the OS picks it), or `preferred` when that one is free. */
export async function freePort(host: string, preferred = 0): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, host, () => {
        const got = (server.address() as { port: number }).port;
        server.close(() => resolve(got));
      });
    });
  if (preferred > 0) {
    const got = await tryListen(preferred);
    if (got) return got;
  }
  const any = await tryListen(0);
  if (!any) throw new Error(`no free port on ${host}`);
  return any;
}
