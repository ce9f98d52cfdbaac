// The versions calls (issue 7): which app a new file is a version of, attaching it to that app's chain (label,
// journal, carried-over notes), the chain of every policy with the cells that changed, and the diff of two versions.
// The engine does the comparing (src/engine/versions); this maps the workspace onto it.
import { createHash } from 'node:crypto';
import { ApiError, type Handlers } from '../shared/contract';
import type { ChangedCell, VersionCandidate, VersionInfo, VersionMethod } from '../shared/contract-versions';
import type { AttributeValue, PolicyAnalysis, PolicyRecord } from '../shared/types';
import type { VersionDiff } from '../shared/versions';
import { carryOverAnnotations, detectVersionLabel, diffVersions, matchAppToExisting, PROPOSE_MIN_SCORE } from '../engine/versions';
import { valueChangeText } from '../engine/versions/format';
import { ENGINE_VERSION } from '../engine/version';
import type { Session } from './session';
import { setPolicyVersion, upsertAnnotation, type Workspace } from './workspace';
import { WorkspaceSession } from './workspace-session';

export interface VersionDeps {
  session: Session;
}

/** Every record's place in its chain. Versions whose previous version left the workspace start a chain of their own. */
export function versionChains(records: readonly PolicyRecord[]): Map<string, VersionInfo> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const prevOf = (r: PolicyRecord) => (r.previousVersionId && byId.has(r.previousVersionId) && r.previousVersionId !== r.id ? r.previousVersionId : undefined);
  // The next version of each: the latest imported one that names it (two can, after concurrent imports).
  const next = new Map<string, PolicyRecord>();
  for (const r of records) {
    const p = prevOf(r);
    if (!p) continue;
    const have = next.get(p);
    if (!have || have.importedAt <= r.importedAt) next.set(p, r);
  }
  const out = new Map<string, VersionInfo>();
  for (const r of records) {
    let chainId = r.id;
    let position = 1;
    const seen = new Set([r.id]);
    for (let p = prevOf(r); p && !seen.has(p); p = prevOf(byId.get(p)!)) {
      seen.add(p);
      chainId = p;
      position++;
    }
    const n = next.get(r.id);
    out.set(r.id, {
      id: r.id,
      app: r.app,
      versionLabel: r.versionLabel || importTimeLabel(r.importedAt),
      fileName: r.fileName,
      importedAt: r.importedAt,
      ...(prevOf(r) ? { previousVersionId: prevOf(r) } : {}),
      chainId,
      position,
      latest: !n,
      ...(n ? { nextVersionId: n.id } : {}),
    });
  }
  return out;
}

/** The newest version of the chain POLICYID is in, never EXCEPT (the policy being attached). */
function latestOf(chains: Map<string, VersionInfo>, policyId: string, except?: string): string {
  let at = policyId;
  const seen = new Set<string>();
  for (let n = chains.get(at)?.nextVersionId; n && n !== except && !seen.has(n); n = chains.get(at)?.nextVersionId) {
    seen.add(n);
    at = n;
  }
  return at;
}

/** Same value, sets compared as sets. */
function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  const canon = (v: AttributeValue) => JSON.stringify(Array.isArray(v) ? [...(v as (string | number)[])].map(String).sort() : v);
  return canon(a) === canon(b);
}

/** "2026-11-23 22:04" in UTC: the label of a version whose text names no date or version. */
export function importTimeLabel(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** A carried copy's id: the same source note carried to the same version always gets the same id (no duplicates). */
function carriedId(annotationId: string, policyId: string): string {
  return `v-${createHash('sha256').update(`${annotationId}>${policyId}`).digest('hex').slice(0, 30)}`;
}

/** The clause relabels an analysis from a workspace session was read with (they change categories and values). */
const relabelSig = (a: PolicyAnalysis): string =>
  a.clauses
    .filter((c) => c.engineCategories)
    .map((c) => `${c.id}=${c.categories.map((x) => x.id).join('+')}`)
    .join(';');

/** Diffs by content hash, engine and clause relabels: ids are content hashes, so an entry never goes stale. */
const diffs = new Map<string, VersionDiff>();
export function diffOf(older: PolicyAnalysis, newer: PolicyAnalysis): VersionDiff {
  const key = `${older.sha256}:${newer.sha256}:${ENGINE_VERSION}:${relabelSig(older)}:${relabelSig(newer)}`;
  let d = diffs.get(key);
  if (!d) {
    d = diffVersions(older, newer);
    if (diffs.size >= 200) diffs.delete(diffs.keys().next().value!);
    diffs.set(key, d);
  }
  return d;
}

export function createVersionHandlers(deps: VersionDeps): Pick<Handlers, VersionMethod> {
  const { session } = deps;

  const workspace = (): Workspace => {
    if (!(session instanceof WorkspaceSession)) throw new ApiError('unsupported', 'Versions need a workspace: open or create one from the Workspace menu.');
    return session.workspace;
  };
  const records = (): PolicyRecord[] => (session instanceof WorkspaceSession && session.isOpen ? session.workspace.policies() : []);
  const mustGet = async (id: string): Promise<PolicyAnalysis> => {
    const a = await session.get(id);
    if (!a) throw new ApiError('not_found', `No policy with id ${id} is open. It may have been removed; refresh the list.`);
    return a;
  };
  const labelFor = (analysis: PolicyAnalysis, record: PolicyRecord): string =>
    detectVersionLabel(analysis.text)?.label ?? (record.versionLabel || importTimeLabel(record.importedAt));

  async function changedCells(chains: Map<string, VersionInfo>): Promise<Record<string, Record<string, ChangedCell>>> {
    const ws = session instanceof WorkspaceSession && session.isOpen ? session.workspace : undefined;
    const out: Record<string, Record<string, ChangedCell>> = {};
    for (const v of chains.values()) {
      if (!v.previousVersionId) continue;
      const [older, newer] = await Promise.all([session.get(v.previousVersionId), session.get(v.id)]);
      if (!older || !newer) continue;
      const d = diffOf(older, newer);
      const cells: Record<string, ChangedCell> = {};
      const previousLabel = chains.get(v.previousVersionId)?.versionLabel ?? '';
      for (const [attributeId, delta] of Object.entries(d.cells)) {
        // The grid shows the reviewer's overrides: where either side has one, compare what the grid shows.
        const oldOverride = ws?.override({ policyId: v.previousVersionId, attributeId });
        const newOverride = ws?.override({ policyId: v.id, attributeId });
        if (oldOverride || newOverride) {
          const before = oldOverride?.value ?? older.attributes[attributeId]?.value;
          const after = newOverride?.value ?? newer.attributes[attributeId]?.value;
          if (before === undefined || after === undefined || sameValue(before, after)) continue;
          cells[attributeId] = { before, after, text: [valueChangeText(attributeId, before, after)], previousLabel, reviewed: true };
          continue;
        }
        if (delta.value !== 'changed' || !delta.before || !delta.after) continue;
        cells[attributeId] = {
          before: delta.before.value,
          after: delta.after.value,
          text: d.attributeChanges.filter((c) => c.attributeId === attributeId).map((c) => c.text),
            previousLabel,
        };
      }
      out[v.id] = cells;
    }
    return out;
  }

  return {
    'versions-list': async () => {
      const chains = versionChains(records());
      return { versions: [...chains.values()], changed: await changedCells(chains) };
    },

    'version-candidates': async ({ policyId }) => {
      const ws = workspace();
      const record = ws.policy(policyId);
      if (!record) throw new ApiError('not_found', `No policy with id ${policyId} is open.`);
      const analysis = await mustGet(policyId);
      const chains = versionChains(ws.policies());
      const ownChain = chains.get(policyId)?.chainId;
      const others = ws.policies().filter((r) => r.id !== policyId && chains.get(r.id)?.chainId !== ownChain);
      const texts = await Promise.all(others.map((r) => session.get(r.id)));
      const existing = others.map((r, i) => ({ id: r.id, app: r.app, ...(texts[i] ? { text: texts[i]!.text } : {}) }));
      const best = new Map<string, VersionCandidate>();
      for (const m of matchAppToExisting(analysis, existing)) {
        if (m.reason === 'same_file' || m.reason === 'none') continue;
        const latest = latestOf(chains, m.policyId, policyId);
        const chainId = chains.get(latest)?.chainId ?? latest;
        if (best.has(chainId)) continue; // matches come best first
        const r = ws.policy(latest)!;
        // An unlabelled first version is labelled when the new one is attached: show that label now.
        const a = texts[others.findIndex((o) => o.id === latest)];
        const versionLabel = r.versionLabel || (a ? labelFor(a, r) : importTimeLabel(r.importedAt));
        best.set(chainId, { policyId: latest, app: r.app, versionLabel, score: m.score, reason: m.reason });
      }
      const candidates = [...best.values()].sort((a, b) => b.score - a.score).slice(0, 5);
      const top = candidates[0];
      return { ...(top && top.score >= PROPOSE_MIN_SCORE ? { proposal: top } : {}), candidates, label: labelFor(analysis, record) };
    },

    'policy-set-previous-version': async ({ policyId, previousVersionId }) => {
      const ws = workspace();
      const record = ws.policy(policyId);
      if (!record) throw new ApiError('not_found', `No policy with id ${policyId} is open.`);
      const carried = { copied: 0, needsReview: 0, kept: 0 };
      if (previousVersionId === null) {
        await setPolicyVersion(ws, policyId, { app: record.app, versionLabel: record.versionLabel, previousVersionId: null });
        (session as WorkspaceSession).changed('policies');
        return { version: versionChains(ws.policies()).get(policyId)!, carried };
      }
      if (!ws.policy(previousVersionId)) throw new ApiError('not_found', `No policy with id ${previousVersionId} is open.`);
      const latest = latestOf(versionChains(ws.policies()), previousVersionId, policyId);
      if (latest === policyId) throw new ApiError('invalid_request', 'A policy cannot be its own previous version.');
      const [older, newer] = await Promise.all([mustGet(latest), mustGet(policyId)]);
      const olderRecord = ws.policy(latest)!;
      // The first version of a chain gets its label now (imports leave it empty).
      if (!olderRecord.versionLabel) {
        await setPolicyVersion(ws, latest, { app: olderRecord.app, versionLabel: labelFor(older, olderRecord), previousVersionId: olderRecord.previousVersionId ?? null });
      }
      await setPolicyVersion(ws, policyId, { app: olderRecord.app, versionLabel: labelFor(newer, record), previousVersionId: latest });

      // Carry the earlier version's notes over (docs/VERSIONS.md "In the app"): nothing is dropped.
      const diff = diffOf(older, newer);
      const notes = ws.annotations().filter((a) => a.target.policyId === latest);
      for (const c of carryOverAnnotations(diff, notes)) {
        const a = c.annotation;
        if (c.outcome === 'other_policy') continue;
        if (c.target.policyId === policyId) {
          const id = carriedId(a.id, policyId);
          if (ws.annotation(id)) continue; // carried before (the call was repeated)
          const needsReview = c.needsReview
            ? { oldText: c.before?.text ?? '', newText: c.after?.text ?? '', fromPolicyId: latest, reason: 'changed' as const }
            : undefined;
          await upsertAnnotation(ws, { id, target: c.target, status: a.status, note: a.note, baseRev: null, ...(needsReview ? { needsReview } : {}) });
          if (needsReview) carried.needsReview++;
          else carried.copied++;
        } else if (c.needsReview && !a.needsReview) {
          // Removed clause (or a target the older analysis lacks): the note stays where it was, flagged.
          const reason = c.outcome === 'removed' ? ('removed' as const) : ('not_found' as const);
          await upsertAnnotation(ws, {
            id: a.id,
            target: a.target,
            status: a.status,
            note: a.note,
            baseRev: a.rev,
            needsReview: { oldText: c.before?.text ?? '', newText: '', fromPolicyId: latest, reason },
          });
          carried.kept++;
        }
      }
      (session as WorkspaceSession).changed('policies');
      return { version: versionChains(ws.policies()).get(policyId)!, carried };
    },

    'version-diff': async ({ newerId, olderId }) => {
      const ws = workspace();
      const newerRecord = ws.policy(newerId);
      if (!newerRecord) throw new ApiError('not_found', `No policy with id ${newerId} is open.`);
      const older = olderId ?? versionChains(ws.policies()).get(newerId)?.previousVersionId;
      if (!older) throw new ApiError('not_found', `${newerRecord.app} (${newerRecord.versionLabel}) has no earlier version in this workspace.`);
      const olderRecord = ws.policy(older);
      if (!olderRecord) throw new ApiError('not_found', `No policy with id ${older} is open.`);
      const [a, b] = await Promise.all([mustGet(older), mustGet(newerId)]);
      return {
        ...diffOf(a, b),
        olderLabel: olderRecord.versionLabel || importTimeLabel(olderRecord.importedAt),
        newerLabel: newerRecord.versionLabel || importTimeLabel(newerRecord.importedAt),
        app: newerRecord.app,
      };
    },
  };
}
