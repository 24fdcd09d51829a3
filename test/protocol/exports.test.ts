import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as protocol from '../../src/protocol/index.ts';

// Changing the protocol's public surface should be a deliberate edit of this list.
it('protocol entry point exports exactly the documented API', () => {
  assert.deepEqual(Object.keys(protocol).sort(), [
    'A2A_EXTENSIONS_HEADER',
    'A2A_PROTOCOL_VERSION',
    'A2A_VERSION_HEADER',
    'AGENT_CARD_PATH',
    'ENVELOPE_DOMAIN_NAME',
    'ENVELOPE_DOMAIN_VERSION',
    'ENVELOPE_TYPES',
    'EnvelopeExpiredError',
    'EnvelopeMalformedError',
    'EnvelopeReplayedError',
    'EnvelopeWrongAgentError',
    'EnvelopeWrongChainError',
    'EnvelopeWrongContractError',
    'ExtendedAgentCardNotConfiguredError',
    'InternalError',
    'InvalidAgentCardError',
    'InvalidParamsError',
    'InvalidRequestError',
    'InvalidSignatureError',
    'JSON_MEDIA_TYPE',
    'MalleableSignatureError',
    'MethodNotFoundError',
    'ModelNotServedError',
    'ParseError',
    'PayloadMismatchError',
    'ProtocolError',
    'PushNotificationNotSupportedError',
    'RemoteRpcError',
    'RequestTooLargeError',
    'SignerMismatchError',
    'TERMINAL_STATES',
    'TaskNotCancelableError',
    'TaskNotFoundError',
    'TransportError',
    'UnsupportedOperationError',
    'VERIFICATION_MODES',
    'VOUCH_EXTENSION_URI',
    'VersionNotSupportedError',
    'attachEnvelope',
    'buildAgentCard',
    'buildRegistrationFile',
    'canonicalJson',
    'createA2AApp',
    'createA2AClient',
    'createMemoryNonceStore',
    'envelopeTypedData',
    'parseAgentCard',
    'payloadHash',
    'readEnvelope',
    'readInferenceResult',
    'readVouchCardInfo',
    'signEnvelope',
    'skillId',
    'verifyEnvelope',
  ]);
});

it('every protocol error has its own JSON-RPC code, listed in docs/protocol.md', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  const codes = new Map<number, string>();
  for (const [name, value] of Object.entries(protocol)) {
    if (typeof value !== 'function' || !(value.prototype instanceof protocol.ProtocolError)) continue;
    const err = new (value as unknown as new (a: unknown, b: unknown) => protocol.ProtocolError)('x', 'y');
    assert.equal(codes.get(err.code), undefined, `${name} reuses code ${err.code}`);
    codes.set(err.code, name);
    assert.ok(doc.includes(`| ${err.code} | \`${name}\` |`), `docs/protocol.md lacks ${err.code} ${name}`);
    if (err.code <= -32080 && err.code >= -32099) assert.match(err.reason, /^VOUCH_/);
  }
  assert.equal(codes.size, 23);
});
