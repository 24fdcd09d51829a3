import { VouchError } from '../errors.ts';

/**
 * Every protocol failure is a ProtocolError carrying the JSON-RPC code it is answered with, the
 * HTTP status used when it is answered outside a JSON-RPC body, and a stable machine-readable
 * `reason` (sent as a google.rpc.ErrorInfo in `error.data`, like the A2A SDK does).
 */
export abstract class ProtocolError extends VouchError {
  abstract readonly code: number;
  abstract readonly reason: string;
  readonly httpStatus: number = 200;
}

// JSON-RPC 2.0 standard errors.

export class ParseError extends ProtocolError {
  override name = 'ParseError';
  readonly code = -32700;
  readonly reason = 'PARSE_ERROR';
}

export class InvalidRequestError extends ProtocolError {
  override name = 'InvalidRequestError';
  readonly code = -32600;
  readonly reason = 'INVALID_REQUEST';
}

export class MethodNotFoundError extends ProtocolError {
  override name = 'MethodNotFoundError';
  readonly code = -32601;
  readonly reason = 'METHOD_NOT_FOUND';
  constructor(method: string) {
    super(`method not found: ${JSON.stringify(method).slice(0, 80)}`);
  }
}

export class InvalidParamsError extends ProtocolError {
  override name = 'InvalidParamsError';
  readonly code = -32602;
  readonly reason = 'INVALID_PARAMS';
}

export class InternalError extends ProtocolError {
  override name = 'InternalError';
  readonly code = -32603;
  readonly reason = 'INTERNAL_ERROR';
}

// A2A v1.0 errors (codes from the specification's error table).

export class TaskNotFoundError extends ProtocolError {
  override name = 'TaskNotFoundError';
  readonly code = -32001;
  readonly reason = 'TASK_NOT_FOUND';
  constructor(taskId: string) {
    super(`task not found: ${taskId.slice(0, 80)}`);
  }
}

export class TaskNotCancelableError extends ProtocolError {
  override name = 'TaskNotCancelableError';
  readonly code = -32002;
  readonly reason = 'TASK_NOT_CANCELABLE';
  constructor(taskId: string, state: string) {
    super(`task ${taskId} cannot be canceled in state ${state}`);
  }
}

export class PushNotificationNotSupportedError extends ProtocolError {
  override name = 'PushNotificationNotSupportedError';
  readonly code = -32003;
  readonly reason = 'PUSH_NOTIFICATION_NOT_SUPPORTED';
}

export class UnsupportedOperationError extends ProtocolError {
  override name = 'UnsupportedOperationError';
  readonly code = -32004;
  readonly reason = 'UNSUPPORTED_OPERATION';
}

export class ExtendedAgentCardNotConfiguredError extends ProtocolError {
  override name = 'ExtendedAgentCardNotConfiguredError';
  readonly code = -32007;
  readonly reason = 'EXTENDED_AGENT_CARD_NOT_CONFIGURED';
}

export class VersionNotSupportedError extends ProtocolError {
  override name = 'VersionNotSupportedError';
  readonly code = -32009;
  readonly reason = 'VERSION_NOT_SUPPORTED';
}

// Vouch errors: the top of the JSON-RPC server range (-32000..-32099), far from the A2A codes,
// which are allocated upwards from -32001.

/** The HTTP body is larger than the server's limit; answered with HTTP 413 before parsing. */
export class RequestTooLargeError extends ProtocolError {
  override name = 'RequestTooLargeError';
  readonly code = -32080;
  readonly reason = 'VOUCH_REQUEST_TOO_LARGE';
  override readonly httpStatus = 413;
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** The request names a model this agent does not serve (or a mode it does not offer for it). */
export class ModelNotServedError extends ProtocolError {
  override name = 'ModelNotServedError';
  readonly code = -32081;
  readonly reason = 'VOUCH_MODEL_NOT_SERVED';
}

/** The signed envelope is missing or not well-formed. */
export class EnvelopeMalformedError extends ProtocolError {
  override name = 'EnvelopeMalformedError';
  readonly code = -32090;
  readonly reason = 'VOUCH_ENVELOPE_MALFORMED';
}

export class EnvelopeWrongChainError extends ProtocolError {
  override name = 'EnvelopeWrongChainError';
  readonly code = -32091;
  readonly reason = 'VOUCH_ENVELOPE_WRONG_CHAIN';
  constructor(got: number, expected: number) {
    super(`envelope is signed for chain ${got}, this agent is on chain ${expected}`);
  }
}

export class EnvelopeWrongContractError extends ProtocolError {
  override name = 'EnvelopeWrongContractError';
  readonly code = -32092;
  readonly reason = 'VOUCH_ENVELOPE_WRONG_CONTRACT';
  constructor(got: string, expected: string) {
    super(`envelope is signed for contract ${got}, this agent uses ${expected}`);
  }
}

export class EnvelopeWrongAgentError extends ProtocolError {
  override name = 'EnvelopeWrongAgentError';
  readonly code = -32093;
  readonly reason = 'VOUCH_ENVELOPE_WRONG_AGENT';
  constructor(got: bigint, expected: bigint) {
    super(`envelope is addressed to agent ${got}, this is agent ${expected}`);
  }
}

/** The deadline has passed, or lies further ahead than the server accepts. */
export class EnvelopeExpiredError extends ProtocolError {
  override name = 'EnvelopeExpiredError';
  readonly code = -32094;
  readonly reason = 'VOUCH_ENVELOPE_EXPIRED';
}

export class EnvelopeReplayedError extends ProtocolError {
  override name = 'EnvelopeReplayedError';
  readonly code = -32095;
  readonly reason = 'VOUCH_ENVELOPE_REPLAYED';
  constructor(sender: string, nonce: bigint) {
    super(`nonce ${nonce} of ${sender} was already used`);
  }
}

/** A signature that is valid but not in canonical form (high s, or v outside {27, 28}). */
export class MalleableSignatureError extends ProtocolError {
  override name = 'MalleableSignatureError';
  readonly code = -32096;
  readonly reason = 'VOUCH_SIGNATURE_MALLEABLE';
}

/** A signature from which no signer can be recovered. */
export class InvalidSignatureError extends ProtocolError {
  override name = 'InvalidSignatureError';
  readonly code = -32097;
  readonly reason = 'VOUCH_SIGNATURE_INVALID';
}

export class SignerMismatchError extends ProtocolError {
  override name = 'SignerMismatchError';
  readonly code = -32098;
  readonly reason = 'VOUCH_SIGNER_MISMATCH';
  constructor(signer: string, sender: string) {
    super(`envelope is signed by ${signer}, but names ${sender} as sender`);
  }
}

export class PayloadMismatchError extends ProtocolError {
  override name = 'PayloadMismatchError';
  readonly code = -32099;
  readonly reason = 'VOUCH_PAYLOAD_MISMATCH';
  constructor(got: string, expected: string) {
    super(`payload hash ${got} does not match the signed ${expected}: the request was modified`);
  }
}

/** A peer's agent card (or registration file) is not one Vouch can use. */
export class InvalidAgentCardError extends VouchError {
  override name = 'InvalidAgentCardError';
}

/** A JSON-RPC error answered by a peer, as seen by the client. */
export class RemoteRpcError extends VouchError {
  override name = 'RemoteRpcError';
  readonly code: number;
  readonly reason?: string;
  readonly data?: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(`peer answered JSON-RPC error ${code}: ${message}`);
    this.code = code;
    this.data = data;
    const info = Array.isArray(data) ? data.find((d) => d && typeof d === 'object' && typeof d.reason === 'string') : undefined;
    this.reason = info?.reason;
  }
}

/** The peer answered something that is not a JSON-RPC response, or an HTTP error. */
export class TransportError extends VouchError {
  override name = 'TransportError';
}
