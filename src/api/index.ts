// Entry point of the HTTP API (the one barrel file of src/api).
export { API_ROUTES, createApiApp, type CreateApiAppParameters } from './createApiApp.ts';
export { ApiError } from './errors.ts';
export { buildOpenApiDocument } from './openapi.ts';
export { serveApi, type ServeApiParameters, type ServeApiReturnType } from './serveApi.ts';
export type * from './types.ts';
