// The versions calls (issue 7), kept beside contract.ts and merged into its handler map.
import { z } from 'zod';
import type { Bilingual, AttributeValue, PolicyRecord } from './types';
import type { VersionDiff } from './versions';

const policyId = z.string().regex(/^[0-9a-f]{16}$/, 'a policy id is 16 lowercase hex digits');

export const versionRequestSchemas = {
  /** Every policy's place in its app's version chain, and the cells that changed from the previous version. */
  'versions-list': z.object({}).strict(),
  /** After an import: is POLICYID likely a new version of an app already in the workspace? */
  'version-candidates': z.object({ policyId }).strict(),
  /**
   * Makes POLICYID the newest version of the app PREVIOUSVERSIONID belongs to (it is attached after the latest
   * version of that chain), labels it, and carries the earlier version's notes over. null: a standalone app again.
   */
  'policy-set-previous-version': z.object({ policyId, previousVersionId: policyId.nullable() }).strict(),
  /** What changed between two versions (newerId's previous version when olderId is absent). */
  'version-diff': z.object({ newerId: policyId, olderId: policyId.optional() }).strict(),
} as const;

export type VersionMethod = keyof typeof versionRequestSchemas;

/** A policy's place in its app's chain. */
export interface VersionInfo extends Pick<PolicyRecord, 'id' | 'app' | 'versionLabel' | 'fileName' | 'importedAt' | 'previousVersionId'> {
  /** The first version of the chain: the same for every version of one app. */
  chainId: string;
  /** 1 for the first version. */
  position: number;
  /** Whether this is the newest version of its chain (the one the grid shows by default). */
  latest: boolean;
  /** The next version, when there is one. */
  nextVersionId?: string;
}

/** A grid cell whose value differs from the previous version's. */
export interface ChangedCell {
  before: AttributeValue;
  after: AttributeValue;
  /** "注销时限：15 个工作日 → 30 天", one line per change of the attribute. */
  text: Bilingual[];
  previousLabel: string;
  /** The comparison is of reviewed values: an override on either side (the grid shows overrides). */
  reviewed?: true;
}

export interface VersionCandidate {
  /** The latest version of the matching app's chain: what the new file would follow. */
  policyId: string;
  app: string;
  versionLabel: string;
  score: number;
  reason: 'same_file' | 'same_app' | 'similar_text' | 'none';
}

export interface VersionResponses {
  'versions-list': { versions: VersionInfo[]; changed: Record<string, Record<string, ChangedCell>> };
  'version-candidates': {
    /** The likeliest match, when its score reaches the proposal threshold. */
    proposal?: VersionCandidate;
    candidates: VersionCandidate[];
    /** The label the new policy would get (its own date/version line, else its import time). */
    label: string;
  };
  'policy-set-previous-version': {
    version: VersionInfo;
    carried: { copied: number; needsReview: number; kept: number };
  };
  'version-diff': VersionDiff & { olderLabel: string; newerLabel: string; app: string };
}
