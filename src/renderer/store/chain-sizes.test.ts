// Version chain sizes for the column headers: right, and O(1) per header (one pass over the versions per
// versions map, however many headers ask).
import { describe, expect, it } from 'vitest';
import type { VersionInfo } from '../../shared/contract-versions';
import { selectChainSizeOf, selectChainSizes } from './selectors';

function version(id: string, chainId: string, position: number, latest: boolean): VersionInfo {
  return { id, chainId, position, latest, app: `app ${chainId}`, versionLabel: `v${position}` } as unknown as VersionInfo;
}

/** N policies: every third one is the second version of the one before it; the others stand alone. */
function versionsOf(n: number): Record<string, VersionInfo> {
  const out: Record<string, VersionInfo> = {};
  for (let i = 0; i < n; i++) {
    const paired = i % 3 === 2;
    const chainId = paired ? `c${i - 1}` : `c${i}`;
    out[`p${i}`] = version(`p${i}`, chainId, paired ? 2 : 1, paired || (i + 1) % 3 !== 2);
  }
  return out;
}

/** The map wrapped so that every walk over its keys (Object.values, Object.keys, for…in) is counted. */
function counted<T extends object>(target: T): { value: T; walks: () => number } {
  let walks = 0;
  const value = new Proxy(target, {
    ownKeys(t) {
      walks++;
      return Reflect.ownKeys(t);
    },
  });
  return { value, walks: () => walks };
}

describe('selectChainSizeOf', () => {
  it('counts the versions of the policy’s chain, and 0 for a policy in none', () => {
    const versions = versionsOf(6);
    const s = { versions };
    expect(selectChainSizeOf(s, 'p0')).toBe(1);
    expect(selectChainSizeOf(s, 'p1')).toBe(2);
    expect(selectChainSizeOf(s, 'p2')).toBe(2);
    expect(selectChainSizeOf(s, 'p3')).toBe(1);
    expect(selectChainSizeOf(s, 'unknown')).toBe(0);
    expect(selectChainSizes(s).get('c4')).toBe(2);
    expect(selectChainSizeOf({ versions: {} }, 'p0')).toBe(0);
  });

  it('walks the versions once for 500 headers, and not at all on a store change that keeps them', () => {
    const { value: versions, walks } = counted(versionsOf(500));
    const ids = Object.keys(versionsOf(500));
    // Every header's selector, as zustand runs it on one store change.
    const sizes = ids.map((id) => selectChainSizeOf({ versions }, id));
    expect(walks()).toBe(1);
    expect(sizes.filter((n) => n === 2)).toHaveLength(2 * Math.floor(500 / 3));
    // Another store change (selection, search, …): the same versions map, so no walk at all.
    for (const id of ids) selectChainSizeOf({ versions }, id);
    expect(walks()).toBe(1);
    expect(selectChainSizes({ versions })).toBe(selectChainSizes({ versions }));
  });

  it('is recomputed once when the versions change', () => {
    const first = versionsOf(9);
    expect(selectChainSizeOf({ versions: first }, 'p8')).toBe(2);
    const { value: next, walks } = counted({ ...first, p8: version('p8', 'c8', 1, true) });
    for (const id of Object.keys(first)) selectChainSizeOf({ versions: next }, id);
    expect(walks()).toBe(1);
    expect(selectChainSizeOf({ versions: next }, 'p7')).toBe(1);
    expect(selectChainSizeOf({ versions: next }, 'p8')).toBe(1);
  });
});
