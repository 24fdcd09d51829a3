// The SDK's read side for browsers (the dashboard loads it bundled, from /dashboard/sdk.js):
// nothing here imports Node modules; submitTask (chain + A2A) stays server-side.
export { createVouchSdk, type VouchSdk } from './createVouchSdk.ts';
export { TaskWaitTimeoutError, VouchApiError } from './errors.ts';
