import { TransportError } from './errors.ts';
import type { InferenceResult, Task } from './types.ts';

/** The inference result carried by a completed task's artifact. */
export function readInferenceResult(task: Task): InferenceResult {
  if (task.status.state !== 'TASK_STATE_COMPLETED') throw new TransportError(`task ${task.id} is ${task.status.state}, not completed`);
  for (const artifact of task.artifacts ?? []) {
    for (const part of artifact.parts) {
      if ('data' in part && part.data && typeof part.data === 'object' && 'traceRoot' in part.data) return part.data as unknown as InferenceResult;
    }
  }
  throw new TransportError(`task ${task.id} carries no inference result`);
}
