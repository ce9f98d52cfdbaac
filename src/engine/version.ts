// Bump when any stage's output can change: the analysis cache is keyed by it.
export const ENGINE_VERSION = '0.1.0';
