/** Prints a result: JSON for scripts (--json), else aligned "key: value" lines for people. */
export function printResult(json: boolean, result: Record<string, unknown>): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [k, v] of Object.entries(result)) {
    const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    process.stdout.write(`${`${k}:`.padEnd(width + 2)}${text}\n`);
  }
}

export const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;
