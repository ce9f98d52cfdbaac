// Bootstrap for running a TypeScript worker from sources (host, CLI, tests): register tsx, then load the
// entry named in workerData.entry. The electron-vite build loads its bundled worker directly instead.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
