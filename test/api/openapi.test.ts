// /openapi.json describes every route the app serves, and the app's answers carry every field
// the document says is required (checked on the fixture index for each schema).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_ROUTES, createApiApp } from '../../src/api/createApiApp.ts';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import { fixtureIndex } from './fixture.ts';

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; additionalProperties?: Schema; enum?: unknown[] };

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const app = createApiApp({ db: fixtureIndex() });
  const toOpenApi = (path: string) => path.replace(/:([a-zA-Z]+)/g, '{$1}');

  test('every GET route of the app is described, and nothing else', () => {
    const served = new Set(app.routes.filter((r) => r.method === 'GET' && r.path !== '/*' && r.path !== '*').map((r) => toOpenApi(r.path)));
    assert.deepEqual([...served].sort(), API_ROUTES.map(toOpenApi).sort());
    assert.deepEqual(Object.keys(doc.paths).sort(), [...served].sort());
    for (const [path, item] of Object.entries(doc.paths)) {
      assert.ok(item.get.operationId, path);
      assert.ok(item.get.responses['200'], path);
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        assert.ok((item.get as { parameters?: { name: string; in: string }[] }).parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name), `${path} documents ${name}`);
      }
    }
  });

  test('every $ref resolves', () => {
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const r of refs) assert.ok((doc.components.schemas as Record<string, unknown>)[r.split('/').pop()!], r);
  });

  test('answers match their schema (required fields, types, enums)', async () => {
    const schemas = doc.components.schemas as Record<string, Schema>;
    const check = (value: unknown, schema: Schema, at: string): void => {
      if (schema.$ref) return check(value, schemas[schema.$ref.split('/').pop()!], at);
      const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
      const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
      if (types.length) assert.ok(types.includes(actual) || (actual === 'integer' && types.includes('number')), `${at}: ${actual} is not ${types.join('|')}`);
      if (schema.enum) assert.ok(schema.enum.includes(value), `${at}: ${String(value)} not in enum`);
      if (actual === 'object' && value) {
        for (const k of schema.required ?? []) assert.ok(k in (value as object), `${at}.${k} is required`);
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          const sub = schema.properties?.[k] ?? schema.additionalProperties;
          assert.ok(sub || !schema.properties, `${at}.${k} is not described`);
          if (sub) check(v, sub, `${at}.${k}`);
        }
      }
      if (actual === 'array' && schema.items) (value as unknown[]).forEach((v, i) => check(v, schema.items!, `${at}[${i}]`));
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      if (path === '/api/events' || path === '/openapi.json') continue;
      const res = await app.request(path.replace('{id}', path.startsWith('/api/tasks') ? '2' : '1'));
      assert.equal(res.status, 200, path);
      check(await res.json(), (item.get.responses['200'] as { content: Record<string, { schema: Schema }> }).content['application/json'].schema, path);
    }
  });
});
