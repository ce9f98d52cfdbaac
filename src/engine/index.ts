// The engine's public surface.
export { analyzeBytes, analyzeFile, listPolicyFiles, readPolicyFile, sha256Hex } from './analyze';
export { compare, summarize } from './compare';
export { EngineError, toAnalysisError } from './errors';
export { ENGINE_VERSION } from './version';
