// The output shapes live in src/shared/versions.ts (the renderer reads them too).
export type * from '../../shared/versions';
