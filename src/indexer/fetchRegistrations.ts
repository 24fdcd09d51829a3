import type { IndexDb } from './openIndexDb.ts';

export type FetchRegistrationsParameters = {
  /** Per request (default 2000 ms). */
  timeoutMs?: number;
  /** Attempts per URI before giving up (default 5; a failed URI is retried after 5 s x attempts). */
  maxAttempts?: number;
  fetch?: typeof fetch;
};

const KNOWN_ROLES = ['worker', 'challenger', 'requester', 'verifier'];

/**
 * Reads the registration files (agentURI) not read yet: name and roles for the views. http(s)
 * and data: URIs; a failure is recorded and retried a few times, never thrown (indexing does
 * not depend on the web). Returns how many files were read successfully.
 */
export async function fetchRegistrations(index: IndexDb, p: FetchRegistrationsParameters = {}): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const max = p.maxAttempts ?? 5;
  const due = index.db
    .prepare(
      `SELECT DISTINCT a.uri FROM agents a LEFT JOIN registrations r ON r.uri = a.uri
       WHERE r.uri IS NULL OR (r.error IS NOT NULL AND r.attempts < ? AND r.fetched_at + 5 * r.attempts <= ?)`,
    )
    .all(max, now) as { uri: string }[];
  let read = 0;
  await Promise.all(
    due.map(async ({ uri }) => {
      const prev = index.db.prepare('SELECT attempts FROM registrations WHERE uri = ?').get(uri) as { attempts: number } | undefined;
      const attempts = (prev?.attempts ?? 0) + 1;
      const save = index.db.prepare('INSERT OR REPLACE INTO registrations (uri, name, roles, body, error, attempts, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      try {
        const file = await readRegistration(uri, p);
        save.run(uri, typeof file.name === 'string' ? file.name.slice(0, 200) : null, JSON.stringify(rolesOf(file)), JSON.stringify(file).slice(0, 64_000), null, attempts, now);
        read++;
      } catch (err) {
        save.run(uri, null, null, null, (err as Error).message.slice(0, 500), attempts, now);
      }
    }),
  );
  return read;
}

async function readRegistration(uri: string, p: FetchRegistrationsParameters): Promise<Record<string, unknown>> {
  let text: string;
  if (uri.startsWith('data:')) {
    const comma = uri.indexOf(',');
    if (comma < 0) throw new Error('malformed data: URI');
    const meta = uri.slice(5, comma);
    const payload = uri.slice(comma + 1);
    text = meta.endsWith(';base64') ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponent(payload);
  } else if (/^https?:\/\//.test(uri)) {
    const res = await (p.fetch ?? fetch)(uri, { signal: AbortSignal.timeout(p.timeoutMs ?? 2000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
    if (text.length > 256_000) throw new Error('registration file larger than 256 kB');
  } else {
    throw new Error(`unsupported URI scheme: ${uri.split(':')[0]}`);
  }
  const json = JSON.parse(text) as unknown;
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('registration file is not a JSON object');
  return json as Record<string, unknown>;
}

/** Roles named by the file: `vouch.roles` when present, else those listed in the description ("Vouch agent (worker, challenger) ..."). */
function rolesOf(file: Record<string, unknown>): string[] {
  const vouch = file.vouch as { roles?: unknown } | undefined;
  if (vouch && Array.isArray(vouch.roles)) return vouch.roles.filter((r): r is string => typeof r === 'string' && KNOWN_ROLES.includes(r));
  const text = `${typeof file.description === 'string' ? file.description : ''} ${typeof file.name === 'string' ? file.name : ''}`;
  return KNOWN_ROLES.filter((r) => new RegExp(`\\b${r}\\b`).test(text));
}
