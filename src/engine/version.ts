// Bump when any stage's output can change: the analysis cache is keyed by it. A test
// (src/engine/version.test.ts) fails when the model or a lexicon changes without a bump.
export const ENGINE_VERSION = '0.4.1';
