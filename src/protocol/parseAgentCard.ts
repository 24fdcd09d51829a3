import { InvalidAgentCardError } from './errors.ts';
import type { AgentCard } from './types.ts';

/**
 * Validates a card read from a peer against the A2A v1.0 AgentCard (required members, their
 * types, absolute http(s) interface URLs, Major.Minor protocol versions). Errors name the path
 * of the first offending member. Unknown members are kept: newer minor versions may add some.
 */
export function parseAgentCard(json: unknown): AgentCard {
  const c = object(json, 'card');
  string(c.name, 'name', { nonEmpty: true });
  string(c.description, 'description');
  string(c.version, 'version');
  const interfaces = array(c.supportedInterfaces, 'supportedInterfaces');
  if (interfaces.length === 0) fail('supportedInterfaces', 'must list at least one interface');
  interfaces.forEach((entry, i) => {
    const at = `supportedInterfaces[${i}]`;
    const itf = object(entry, at);
    url(itf.url, `${at}.url`);
    string(itf.protocolBinding, `${at}.protocolBinding`, { nonEmpty: true });
    string(itf.protocolVersion, `${at}.protocolVersion`);
    if (!/^\d+\.\d+$/.test(itf.protocolVersion as string)) fail(`${at}.protocolVersion`, 'must be Major.Minor (e.g. "1.0")');
    if (itf.tenant !== undefined) string(itf.tenant, `${at}.tenant`);
  });
  const caps = object(c.capabilities, 'capabilities');
  for (const flag of ['streaming', 'pushNotifications', 'extendedAgentCard'] as const) {
    if (caps[flag] !== undefined && typeof caps[flag] !== 'boolean') fail(`capabilities.${flag}`, 'must be a boolean');
  }
  if (caps.extensions !== undefined) {
    array(caps.extensions, 'capabilities.extensions').forEach((entry, i) => {
      const ext = object(entry, `capabilities.extensions[${i}]`);
      string(ext.uri, `capabilities.extensions[${i}].uri`, { nonEmpty: true });
      if (ext.required !== undefined && typeof ext.required !== 'boolean') fail(`capabilities.extensions[${i}].required`, 'must be a boolean');
      if (ext.params !== undefined) object(ext.params, `capabilities.extensions[${i}].params`);
    });
  }
  strings(c.defaultInputModes, 'defaultInputModes');
  strings(c.defaultOutputModes, 'defaultOutputModes');
  const ids = new Set<string>();
  array(c.skills, 'skills').forEach((entry, i) => {
    const at = `skills[${i}]`;
    const skill = object(entry, at);
    string(skill.id, `${at}.id`, { nonEmpty: true });
    if (ids.has(skill.id as string)) fail(`${at}.id`, `duplicates skill id "${skill.id}"`);
    ids.add(skill.id as string);
    string(skill.name, `${at}.name`, { nonEmpty: true });
    string(skill.description, `${at}.description`);
    strings(skill.tags, `${at}.tags`);
    for (const key of ['examples', 'inputModes', 'outputModes'] as const) if (skill[key] !== undefined) strings(skill[key], `${at}.${key}`);
  });
  if (c.securitySchemes !== undefined) object(c.securitySchemes, 'securitySchemes');
  if (c.securityRequirements !== undefined) array(c.securityRequirements, 'securityRequirements');
  if (c.provider !== undefined) {
    const provider = object(c.provider, 'provider');
    string(provider.organization, 'provider.organization');
    url(provider.url, 'provider.url');
  }
  if (c.documentationUrl !== undefined) url(c.documentationUrl, 'documentationUrl');
  if (c.iconUrl !== undefined) url(c.iconUrl, 'iconUrl');
  return json as AgentCard;
}

function fail(path: string, problem: string): never {
  throw new InvalidAgentCardError(`invalid agent card: ${path} ${problem}`);
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Record<string, unknown>;
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  return v;
}

function string(v: unknown, path: string, opts: { nonEmpty?: boolean } = {}): void {
  if (typeof v !== 'string') fail(path, 'must be a string');
  if (opts.nonEmpty && v.length === 0) fail(path, 'must not be empty');
}

function strings(v: unknown, path: string): void {
  array(v, path).forEach((s, i) => string(s, `${path}[${i}]`));
}

function url(v: unknown, path: string): void {
  string(v, path, { nonEmpty: true });
  let parsed: URL;
  try {
    parsed = new URL(v as string);
  } catch {
    fail(path, `is not an absolute URL: ${JSON.stringify(v).slice(0, 100)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail(path, `must be an http(s) URL, got ${parsed.protocol}`);
}
