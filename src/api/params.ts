import { getAddress } from 'viem';
import { ApiError } from './errors.ts';

const UINT256_MAX = (1n << 256n) - 1n;

/**
 * A path id (task, game, agent): a decimal uint256. Anything else is a 400; a valid id beyond
 * what the index can hold (ids are counters, far below 2^53) is a 404, like any unknown id.
 */
export function parseId(raw: string, what: string): number {
  // Leading zeros are allowed (the value is what counts); 100 characters bound the work.
  if (!/^[0-9]{1,100}$/.test(raw)) throw new ApiError(400, 'bad_id', `${what} must be a decimal integer, got ${JSON.stringify(raw.slice(0, 80))}`);
  const id = BigInt(raw);
  if (id > UINT256_MAX) throw new ApiError(400, 'bad_id', `${what} is larger than a uint256`);
  if (id > BigInt(Number.MAX_SAFE_INTEGER)) throw new ApiError(404, 'not_found', `no ${what.replace(/ id$/, '')} ${raw}`);
  return Number(id);
}

/** An optional integer query parameter within [min, max]. */
export function parseIntParam(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,16}$/.test(raw)) throw new ApiError(400, 'bad_query', `${name} must be an integer from ${min} to ${max}`);
  const v = Number(raw);
  if (v < min || v > max) throw new ApiError(400, 'bad_query', `${name} must be an integer from ${min} to ${max}`);
  return v;
}

/** An optional query parameter that must be one of `allowed`. */
export function parseEnumParam<T extends string>(raw: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new ApiError(400, 'bad_query', `${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

/** A `before` cursor: an id as parseId, where an id beyond the index means "everything". */
export function parseBefore(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,100}$/.test(raw)) throw new ApiError(400, 'bad_query', 'before must be a decimal id');
  const v = BigInt(raw);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** An optional address query parameter (any case), checksummed as the index stores addresses. */
export function parseAddressParam(raw: string | undefined, name: string): `0x${string}` | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^0x[0-9a-fA-F]{40}$/.test(raw)) throw new ApiError(400, 'bad_query', `${name} must be a 0x-prefixed 20-byte hex address`);
  return getAddress(raw.toLowerCase());
}
