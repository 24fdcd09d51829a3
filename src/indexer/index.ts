// Entry point of the indexer (the one barrel file of src/indexer).
export { createIndexer, type CreateIndexerParameters, type IndexChange, type Indexer, type ModelHint } from './createIndexer.ts';
export { IndexMismatchError, IndexOpenError, IndexSyncError } from './errors.ts';
export { fetchRegistrations, type FetchRegistrationsParameters } from './fetchRegistrations.ts';
export { type IndexDb, type OpenIndexDbOptions, openIndexDb } from './openIndexDb.ts';
export { readCursor, replayDerived, syncIndex, type SyncIndexParameters, type SyncIndexReturnType } from './syncIndex.ts';
export { getAgentView, listAgents } from './views/agents.ts';
export { getDisputeView, listDisputes, type ListDisputesParameters } from './views/disputes.ts';
export { listFlows, type ListFlowsParameters } from './views/flows.ts';
export { listModels } from './views/models.ts';
export { getQuorumTaskView, listQuorumTasks, type ListQuorumTasksParameters } from './views/quorum.ts';
export { getSampleView, listSamples, type ListSamplesParameters } from './views/samples.ts';
export { listFeedback, listValidations, type ListValidationsParameters } from './views/validations.ts';
export { getStats } from './views/stats.ts';
export { annotateTask, getTaskView, listTasks, type ListTasksParameters } from './views/tasks.ts';
