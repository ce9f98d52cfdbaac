// The on-disk shapes of a workspace, as zod schemas: every file we read is validated before we trust it.
// The plain interfaces the renderer needs live in src/shared/types.ts; the asserts at the end keep them equal.
import { z } from 'zod';
import { CATEGORY_IDS, DURATION_UNITS } from '../../shared/taxonomy';
import type * as Shared from '../../shared/types';

/** The schema version this code writes. Bump it with a migration in migrate.ts. */
export const SCHEMA_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');
const policyId = z.string().regex(/^[0-9a-f]{16}$/, 'a policy id is 16 lowercase hex digits');
const isoTime = z.string().min(1);
const nonEmpty = z.string().trim().min(1);

export const policyRecordSchema = z.object({
  id: policyId,
  app: z.string(),
  versionLabel: z.string(),
  /** The file name the reviewer imported (display only). */
  fileName: z.string(),
  sha256,
  /** Name of the imported copy inside policies/: `<sha256>.<ext>`. */
  storedAs: z.string(),
  importedAt: isoTime,
  previousVersionId: policyId.optional(),
});
export type PolicyRecord = z.infer<typeof policyRecordSchema>;

export const workspaceFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string(),
  createdAt: isoTime,
  /** Journal seq this snapshot includes; later policy entries in the journal are replayed on open. */
  seq: z.number().int().nonnegative(),
  policies: z.array(policyRecordSchema),
});
export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;

export const ANNOTATION_STATUSES = ['ok', 'concern', 'violation', 'follow_up'] as const;
export const annotationStatusSchema = z.enum(ANNOTATION_STATUSES);
export type AnnotationStatus = z.infer<typeof annotationStatusSchema>;

export const cellTargetSchema = z.object({ policyId, attributeId: nonEmpty }).strict();
export const clauseTargetSchema = z.object({ policyId, clauseId: nonEmpty }).strict();
export const annotationTargetSchema = z.union([cellTargetSchema, clauseTargetSchema]);
export type CellTarget = z.infer<typeof cellTargetSchema>;
export type ClauseTarget = z.infer<typeof clauseTargetSchema>;
export type AnnotationTarget = z.infer<typeof annotationTargetSchema>;

export const annotationSchema = z.object({
  id: nonEmpty,
  target: annotationTargetSchema,
  status: annotationStatusSchema,
  note: z.string(),
  author: nonEmpty,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Journal seq of the change that produced this version: the token for "I edited what I saw". */
  rev: z.number().int().positive(),
  /** Carried over from an earlier version whose text changed (issue 7); absent on every older annotation. */
  needsReview: z
    .object({ oldText: z.string(), newText: z.string(), fromPolicyId: policyId, reason: z.enum(['changed', 'removed', 'not_found']).optional() })
    .optional(),
});
export type Annotation = z.infer<typeof annotationSchema>;

const durationSchema = z.object({ number: z.number(), unit: z.enum(DURATION_UNITS), text: z.string() }).strict();
/** Same shapes as a cell value in src/shared/types.ts (AttributeValue). */
export const attributeValueSchema = z.union([z.string(), z.array(z.string()), z.array(z.number()), durationSchema]);

export const valueOverrideSchema = z.object({
  policyId,
  attributeId: nonEmpty,
  value: attributeValueSchema,
  reason: nonEmpty,
  author: nonEmpty,
  at: isoTime,
  rev: z.number().int().positive(),
});
export type ValueOverride = z.infer<typeof valueOverrideSchema>;

/** Issue 8: a reviewer's categories for one clause (see ClauseRelabel in src/shared/types.ts). */
export const clauseRelabelSchema = z.object({
  policyId,
  clauseId: nonEmpty,
  categories: z.array(z.enum(CATEGORY_IDS)).min(1),
  engineCategories: z.array(z.enum(CATEGORY_IDS)),
  text: z.string(),
  reason: z.string(),
  author: nonEmpty,
  at: isoTime,
  rev: z.number().int().positive(),
});
export type ClauseRelabel = z.infer<typeof clauseRelabelSchema>;

export const annotationsFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** The journal seq this snapshot includes. The journal may be ahead; never behind. */
  revision: z.number().int().nonnegative(),
  annotations: z.array(annotationSchema),
  overrides: z.array(valueOverrideSchema),
  /** Clause relabels (issue 8). Absent in snapshots written before they existed: read as none. */
  relabels: z.array(clauseRelabelSchema).optional(),
});
export type AnnotationsFile = z.infer<typeof annotationsFileSchema>;

// Journal payloads carry the state before and after, so every change can be inverted (undo) and the
// history of a cell can be shown without replaying anything.
const payloads = {
  'workspace-create': z.object({ name: z.string(), createdAt: isoTime, schemaVersion: z.number().int() }),
  'policy-import': z.object({ policy: policyRecordSchema }),
  'policy-rename': z.object({ policyId, app: z.string(), before: z.string() }),
  /** The imported copy stays in policies/ and the policy's notes stay in the journal: re-importing brings both back. */
  'policy-remove': z.object({ policyId, before: policyRecordSchema }),
  /** Issue 7: the policy becomes a version of an app (or stops being one): app name, label and previous version. */
  'policy-version': z.object({
    policyId,
    app: z.string(),
    versionLabel: z.string(),
    previousVersionId: policyId.nullable(),
    before: z.object({ app: z.string(), versionLabel: z.string(), previousVersionId: policyId.nullable() }),
  }),
  'annotation-upsert': z.object({ annotation: annotationSchema, before: annotationSchema.nullable() }),
  'annotation-delete': z.object({ id: nonEmpty, before: annotationSchema }),
  'override-set': z.object({ override: valueOverrideSchema, before: valueOverrideSchema.nullable() }),
  'override-clear': z.object({ policyId, attributeId: nonEmpty, before: valueOverrideSchema }),
  /** Issue 8: a clause relabel set (or replaced), and cleared (back to the engine's categories). */
  'relabel-set': z.object({ relabel: clauseRelabelSchema, before: clauseRelabelSchema.nullable() }),
  'relabel-clear': z.object({ policyId, clauseId: nonEmpty, before: clauseRelabelSchema }),
} as const;
export type JournalOp = keyof typeof payloads;
export const JOURNAL_OPS = Object.keys(payloads) as JournalOp[];

const entryBase = {
  seq: z.number().int().positive(),
  at: isoTime,
  author: z.string(),
  /** Set when this change undoes (or redoes) the change with that seq. */
  undoOf: z.number().int().positive().optional(),
  redoOf: z.number().int().positive().optional(),
};
export const journalEntrySchema = z.discriminatedUnion('op', [
  z.object({ ...entryBase, op: z.literal('workspace-create'), payload: payloads['workspace-create'] }),
  z.object({ ...entryBase, op: z.literal('policy-import'), payload: payloads['policy-import'] }),
  z.object({ ...entryBase, op: z.literal('policy-rename'), payload: payloads['policy-rename'] }),
  z.object({ ...entryBase, op: z.literal('policy-remove'), payload: payloads['policy-remove'] }),
  z.object({ ...entryBase, op: z.literal('policy-version'), payload: payloads['policy-version'] }),
  z.object({ ...entryBase, op: z.literal('annotation-upsert'), payload: payloads['annotation-upsert'] }),
  z.object({ ...entryBase, op: z.literal('annotation-delete'), payload: payloads['annotation-delete'] }),
  z.object({ ...entryBase, op: z.literal('override-set'), payload: payloads['override-set'] }),
  z.object({ ...entryBase, op: z.literal('override-clear'), payload: payloads['override-clear'] }),
  z.object({ ...entryBase, op: z.literal('relabel-set'), payload: payloads['relabel-set'] }),
  z.object({ ...entryBase, op: z.literal('relabel-clear'), payload: payloads['relabel-clear'] }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;
/** A journal entry before the writer assigns seq and time. */
export type JournalChange = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, 'seq' | 'at'> : never) : never;

export const lockFileSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  /** ISO time the lock was taken. */
  time: isoTime,
  token: z.string(),
});
export type LockFile = z.infer<typeof lockFileSchema>;

export type WorkspaceNotice = Shared.WorkspaceNotice;

// The shared interfaces and these schemas describe the same data: a drift fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<Annotation, Shared.Annotation>,
  Same<ValueOverride, Shared.ValueOverride>,
  Same<ClauseRelabel, Shared.ClauseRelabel>,
  Same<PolicyRecord, Shared.PolicyRecord>,
  Same<AnnotationTarget, Shared.AnnotationTarget>,
  Same<AnnotationStatus, Shared.AnnotationStatus>,
] = [true, true, true, true, true, true];
void sameShapes;
