import { VouchError } from '../errors.ts';
import { InternalError, ProtocolError } from './errors.ts';

export type RpcErrorObject = { code: number; message: string; data?: unknown[] };

/**
 * The JSON-RPC error object for any thrown value. ProtocolErrors keep their code and add a
 * google.rpc.ErrorInfo with their reason (as the A2A SDK does); anything else becomes an
 * internal error whose message reveals nothing about the server.
 */
export function toRpcError(err: unknown): RpcErrorObject {
  const e = err instanceof ProtocolError ? err : new InternalError('internal error');
  return {
    code: e.code,
    message: e instanceof VouchError ? e.shortMessage : 'internal error',
    data: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: e.reason,
        domain: e.code <= -32080 && e.code >= -32099 ? 'vouch' : 'a2a-protocol.org',
      },
    ],
  };
}
