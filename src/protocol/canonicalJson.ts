import { InvalidParamsError } from './errors.ts';

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values JSON.parse produces: object members
 * sorted by UTF-16 code units, no whitespace, numbers and strings as ECMAScript's JSON.stringify
 * writes them (which is what RFC 8785 specifies). Refuses what has no JSON form (undefined,
 * bigints, non-finite numbers) and nesting deeper than `maxDepth`, so hostile input cannot
 * exhaust the stack. Like JSON.stringify, object members that are undefined are left out and
 * undefined array items become null, so a sender hashes exactly what JSON.stringify sends.
 */
export function canonicalJson(value: unknown, maxDepth = 64): string {
  return write(value, maxDepth);
}

function write(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidParamsError(`${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (depth <= 0) throw new InvalidParamsError('JSON nested too deeply');
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : write(v, depth - 1))).join(',')}]`;
      const keys = Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort();
      const members = keys.map((k) => `${JSON.stringify(k)}:${write((value as Record<string, unknown>)[k], depth - 1)}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new InvalidParamsError(`a ${typeof value} has no JSON form`);
  }
}
