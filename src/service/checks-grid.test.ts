// The grid-sized payloads (issue 10): matrix-get without evidence quotes, checks-get without evidence and values,
// check-get for one result in full; over the real engine on the five samples, through dispatch.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../shared/types';
import { compare } from '../engine/compare';
import { PoolAnalyzer } from './analyzer';
import { checkResultFor, gridMatrix } from './checks-grid';
import { createHandlers } from './handlers';
import { checksFor, loadServiceRules } from './rules';
import { MemorySession } from './session';
import { callers, type Call } from './test-helpers';
import { engineWorkerFromSources } from './worker-spec';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.join(root, 'resources', 'samples');

let analyzer: PoolAnalyzer;
let session: MemorySession;
let call: Call;
let fail: ReturnType<typeof callers>['fail'];
/** The matrix with quotes, as the checks and exports read it. */
let full: Matrix;

beforeAll(async () => {
  analyzer = new PoolAnalyzer({ worker: engineWorkerFromSources(), size: 2 });
  session = new MemorySession();
  ({ call, fail } = callers(createHandlers({ session, analyzer, emit: () => {}, samplesDir, app: { version: '0.0.0', locale: 'en', host: 'browser' } })));
  const r = await call('policies-load-samples', { jobId: 'samples' });
  expect(r.errors).toEqual([]);
  full = compare(await session.list());
}, 120_000);
afterAll(async () => {
  await analyzer.close();
});

describe('matrix-get', () => {
  it('sends evidence offsets without quotes; each quote is the slice of policy-get\'s text', async () => {
    const m = await call('matrix-get', {});
    expect(m.policies).toEqual(full.policies);
    let pieces = 0;
    for (const p of m.policies) {
      const { text } = await call('policy-get', { policyId: p.id });
      for (const [attr, cell] of Object.entries(m.cells[p.id]!)) {
        const whole = full.cells[p.id]![attr as keyof Matrix['cells'][string]]!;
        expect({ ...cell, evidence: [] }, attr).toEqual({ ...whole, evidence: [] });
        expect(cell.evidence, attr).toEqual(whole.evidence.map(({ clauseId, start, end }) => ({ clauseId, start, end })));
        for (const [i, e] of cell.evidence.entries()) {
          expect(e).not.toHaveProperty('quote');
          expect(text.slice(e.start, e.end)).toBe(whole.evidence[i]!.quote);
          pieces++;
        }
      }
    }
    expect(pieces).toBeGreaterThan(20);
  });

  it('leaves the session\'s matrix alone (quotes stay for checks and exports)', () => {
    const before = JSON.stringify(full);
    gridMatrix(full);
    expect(JSON.stringify(full)).toBe(before);
  });
});

describe('checks-get', () => {
  it('gives each result its status, severity and explanation only, as the full checks have them', async () => {
    const checks = await call('checks-get', {});
    const whole = checksFor(full, loadServiceRules());
    expect(checks.rules).toEqual(whole.rules);
    expect(checks.summary).toEqual(whole.summary);
    expect(checks.policyIds).toEqual(whole.policyIds);
    expect(Object.keys(checks.results).sort()).toEqual(Object.keys(whole.results).sort());
    for (const [policyId, row] of Object.entries(whole.results)) {
      expect(Object.keys(checks.results[policyId]!)).toEqual(Object.keys(row));
      for (const [ruleId, r] of Object.entries(row)) {
        expect(checks.results[policyId]![ruleId]).toStrictEqual({ status: r.status, severity: r.severity, explanation: r.explanation });
      }
    }
  });
});

describe('check-get', () => {
  it('gives one result in full, the same as the full checks, with evidence quotes from the policy text', async () => {
    const whole = checksFor(full, loadServiceRules()) as unknown as { results: Record<string, Record<string, import('../shared/types').CheckResult>> };
    let withEvidence = 0;
    for (const policyId of Object.keys(whole.results)) {
      const { text } = await call('policy-get', { policyId });
      for (const [ruleId, expected] of Object.entries(whole.results[policyId]!)) {
        const r = await call('check-get', { policyId, ruleId });
        expect(r, `${policyId} ${ruleId}`).toEqual(expected);
        for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.quote);
        if (r.evidence.length) withEvidence++;
      }
    }
    expect(withEvidence).toBeGreaterThan(10);
  });

  it('refuses a malformed request with the field and the reason', async () => {
    const policyId = full.policies[0]!.id;
    const missing = await fail('check-get', { policyId });
    expect(missing.code).toBe('invalid_request');
    expect(missing.message).toMatch(/check-get: ruleId/);
    const badId = await fail('check-get', { policyId: 'not-an-id', ruleId: 'pipl-23-named-recipients' });
    expect(badId.code).toBe('invalid_request');
    expect(badId.message).toMatch(/policyId: a policy id is 16 lowercase hex digits/);
    const extra = await fail('check-get', { policyId, ruleId: 'pipl-23-named-recipients', evidence: true });
    expect(extra.code).toBe('invalid_request');
    const empty = await fail('check-get', { policyId, ruleId: '' });
    expect(empty.code).toBe('invalid_request');
  });

  it('says not_found for a policy that is not open or a rule that is not in the rules file', async () => {
    const unknownPolicy = await fail('check-get', { policyId: '0123456789abcdef', ruleId: 'pipl-23-named-recipients' });
    expect(unknownPolicy.code).toBe('not_found');
    expect(unknownPolicy.message).toMatch(/No policy with id 0123456789abcdef/);
    const unknownRule = await fail('check-get', { policyId: full.policies[0]!.id, ruleId: 'no-such-rule' });
    expect(unknownRule.code).toBe('not_found');
    expect(unknownRule.message).toMatch(/No rule "no-such-rule" in the rules file/);
  });

  it('reads the value the grid shows (an override), and says the checks are off when the rules did not load', () => {
    const policy = full.policies[0]!;
    const cell = full.cells[policy.id]!['account_deletion.available']!;
    const overridden: Matrix = {
      ...full,
      cells: { ...full.cells, [policy.id]: { ...full.cells[policy.id]!, 'account_deletion.available': { ...cell, value: 'no', override: { value: 'no', engineValue: cell.value, reason: 'r', author: 'a', at: '', rev: 1 } } } },
    };
    const loaded = loadServiceRules();
    if (!loaded.ok) throw new Error(loaded.error);
    const rule = loaded.rules.rules.find((r) => r.reads.includes('account_deletion.available'))!;
    expect(checkResultFor(overridden, loaded, policy.id, rule.id).values['account_deletion.available']).toBe('no');
    expect(checkResultFor(overridden, loaded, policy.id, rule.id)).toEqual(checksFor(overridden, loaded).results[policy.id]![rule.id]);
    expect(() => checkResultFor(full, { ok: false, file: 'x.json', error: 'x.json: broken' }, policy.id, rule.id)).toThrow(/checks are off.*x\.json: broken/);
  });
});
