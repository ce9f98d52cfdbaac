// The service layer's surface for main, host and CLI.
export { createHandlers, type ServiceDeps, type EventSink } from './handlers';
export { dispatch, toErrorBody, HTTP_STATUS, type DispatchResult } from './dispatch';
export { MemorySession, type Session } from './session';
export { PoolAnalyzer, type Analyzer } from './analyzer';
export { WorkerPool, defaultPoolSize, type WorkerSpec } from './pool';
