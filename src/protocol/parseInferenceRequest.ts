import { JSON_MEDIA_TYPE, VERIFICATION_MODES } from './constants.ts';
import { InvalidParamsError, ModelNotServedError, UnsupportedOperationError } from './errors.ts';
import type { InferenceRequest, Message, ServedModel, VerificationMode } from './types.ts';

export type ParsedSendMessage = {
  message: Message;
  request: InferenceRequest;
  returnImmediately: boolean;
  historyLength?: number;
};

const MAX_RANK = 8;

/**
 * Reads SendMessage params carrying a Vouch inference request: a user message whose one data
 * part is `{ modelId, input: { dtype, shape, data }, mode? }`, for a model this agent serves.
 */
export function parseInferenceRequest(params: Record<string, unknown>, models: readonly ServedModel[], maxInputElements: number): ParsedSendMessage {
  const message = params.message;
  if (!isObject(message)) throw new InvalidParamsError('params.message must be an object');
  if (typeof message.messageId !== 'string' || message.messageId.length === 0) throw new InvalidParamsError('message.messageId must be a non-empty string');
  if (message.role !== 'ROLE_USER') throw new InvalidParamsError('message.role must be ROLE_USER');
  if (message.taskId !== undefined && message.taskId !== '') throw new UnsupportedOperationError('Vouch tasks take one message: do not send a taskId');
  if (message.contextId !== undefined && typeof message.contextId !== 'string') throw new InvalidParamsError('message.contextId must be a string');
  if (!Array.isArray(message.parts) || message.parts.length === 0) throw new InvalidParamsError('message.parts must be a non-empty array');
  const dataParts = message.parts.filter((p) => isObject(p) && 'data' in p);
  if (dataParts.length !== 1) throw new InvalidParamsError('message.parts must hold exactly one data part (the inference request)');
  const part = dataParts[0] as Record<string, unknown>;
  if (part.mediaType !== undefined && part.mediaType !== JSON_MEDIA_TYPE) throw new InvalidParamsError(`the data part's mediaType must be ${JSON_MEDIA_TYPE}`);

  const request = readRequest(part.data, models, maxInputElements);

  const config = params.configuration;
  let returnImmediately = false;
  let historyLength: number | undefined;
  if (config !== undefined && config !== null) {
    if (!isObject(config)) throw new InvalidParamsError('params.configuration must be an object');
    if (config.returnImmediately !== undefined && typeof config.returnImmediately !== 'boolean') {
      throw new InvalidParamsError('configuration.returnImmediately must be a boolean');
    }
    returnImmediately = config.returnImmediately === true;
    if (config.historyLength !== undefined) historyLength = nonNegativeInt(config.historyLength, 'configuration.historyLength');
  }
  return { message: message as unknown as Message, request, returnImmediately, historyLength };
}

function readRequest(data: unknown, models: readonly ServedModel[], maxInputElements: number): InferenceRequest {
  if (!isObject(data)) throw new InvalidParamsError('the data part must be an object {modelId, input, mode?, chainTaskId?}');
  const { modelId, input, mode, chainTaskId } = data;
  if (chainTaskId !== undefined && (typeof chainTaskId !== 'string' || !/^[1-9][0-9]{0,77}$/.test(chainTaskId))) {
    throw new InvalidParamsError('chainTaskId must be a positive decimal integer string (the Tasks id)');
  }
  if (typeof modelId !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(modelId)) throw new InvalidParamsError('modelId must be 32 bytes of hex');
  const id = modelId.toLowerCase() as `0x${string}`;
  const model = models.find((m) => m.modelId.toLowerCase() === id);
  if (!model) throw new ModelNotServedError(`this agent does not serve model ${id}`);
  if (mode !== undefined) {
    if (!(VERIFICATION_MODES as readonly unknown[]).includes(mode)) throw new InvalidParamsError(`mode must be one of ${VERIFICATION_MODES.join(', ')}`);
    if (!model.modes.includes(mode as VerificationMode)) throw new ModelNotServedError(`model ${id} is not served in mode ${mode}`);
  }
  if (!isObject(input)) throw new InvalidParamsError('input must be an object {dtype, shape, data}');
  const { dtype, shape, data: values } = input;
  if (dtype !== 'int8' && dtype !== 'float32') throw new InvalidParamsError('input.dtype must be "int8" or "float32"');
  if (!Array.isArray(shape) || shape.length === 0 || shape.length > MAX_RANK) throw new InvalidParamsError(`input.shape must list 1 to ${MAX_RANK} dimensions`);
  let size = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d <= 0) throw new InvalidParamsError('input.shape must hold positive integers');
    size *= d;
    if (size > maxInputElements) throw new InvalidParamsError(`input has more than ${maxInputElements} elements`);
  }
  if (!Array.isArray(values) || values.length !== size) throw new InvalidParamsError(`input.data must hold ${size} numbers for shape [${shape}]`);
  for (const v of values) {
    if (dtype === 'int8' ? !(Number.isInteger(v) && v >= -128 && v <= 127) : !(typeof v === 'number' && Number.isFinite(v))) {
      throw new InvalidParamsError(dtype === 'int8' ? 'int8 input values must be integers in [-128, 127]' : 'float32 input values must be finite numbers');
    }
  }
  return {
    modelId: id,
    input: { dtype, shape: shape as number[], data: values as number[] },
    ...(mode ? { mode: mode as VerificationMode } : {}),
    ...(chainTaskId ? { chainTaskId } : {}),
  };
}

function nonNegativeInt(v: unknown, path: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new InvalidParamsError(`${path} must be a non-negative integer`);
  return v as number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
