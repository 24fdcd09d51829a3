import type { Address } from 'viem';
import { TERMINAL_STATES } from './constants.ts';
import type { Message, Task, TaskState } from './types.ts';

export type TaskRecord = { task: Task; sender: Address; controller: AbortController };

export type TaskStore = {
  create(sender: Address, message: Message): TaskRecord;
  get(id: string): TaskRecord | undefined;
  /** The sender's tasks, newest first. */
  listBySender(sender: Address): TaskRecord[];
  setState(record: TaskRecord, state: TaskState, text?: string): void;
};

/**
 * In-memory tasks (the node will back this with its database). Holds at most `maxTasks`: the
 * oldest finished tasks are forgotten first; running tasks are never dropped.
 */
export function createTaskStore(maxTasks: number): TaskStore {
  const tasks = new Map<string, TaskRecord>();
  const evict = () => {
    for (const [id, r] of tasks) {
      if (tasks.size <= maxTasks) return;
      if (TERMINAL_STATES.includes(r.task.status.state)) tasks.delete(id);
    }
  };
  return {
    create(sender, message) {
      const id = crypto.randomUUID();
      const contextId = message.contextId || crypto.randomUUID();
      const task: Task = {
        id,
        contextId,
        status: { state: 'TASK_STATE_SUBMITTED', timestamp: new Date().toISOString() },
        history: [{ ...message, taskId: id, contextId }],
      };
      const record = { task, sender, controller: new AbortController() };
      tasks.set(id, record);
      evict();
      return record;
    },
    get: (id) => tasks.get(id),
    listBySender(sender) {
      const own = [...tasks.values()].filter((r) => r.sender.toLowerCase() === sender.toLowerCase());
      return own.reverse();
    },
    setState(record, state, text) {
      const { task } = record;
      task.status = {
        state,
        timestamp: new Date().toISOString(),
        ...(text
          ? { message: { messageId: crypto.randomUUID(), role: 'ROLE_AGENT', parts: [{ text }], taskId: task.id, contextId: task.contextId } }
          : {}),
      };
    },
  };
}
