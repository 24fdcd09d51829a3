// Entry point of the TypeScript SDK (the one barrel file of src/sdk).
export { createVouchSdk, type CreateVouchSdkParameters, type VouchSdk, type WaitForTaskOptions, type WaitUntil } from './createVouchSdk.ts';
export { TaskWaitTimeoutError, VouchApiError } from './errors.ts';
export { submitTask, type SubmitTaskParameters, type SubmitTaskReturnType } from './submitTask.ts';
export type * from '../api/types.ts';
