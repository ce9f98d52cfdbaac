// Versions of one app's policy (issue 7): labels, "new version of…" matching, the version diff and
// annotation carry-over. See docs/VERSIONS.md.
export { detectVersionLabel } from './label';
export { matchAppToExisting, normalizeAppName, PROPOSE_MIN_SCORE } from './match';
export { diffVersions, MODIFIED_MIN_SIMILARITY } from './diff';
export { carryOverAnnotations } from './carry';
export { wordDiff } from './worddiff';
export { formatValue as formatVersionValue } from './format';
export type * from './types';
