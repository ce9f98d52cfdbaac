// Cue matching with negation scope: "我们不会收集您的通讯录" is about collection, but the collection is negated.
import negation from '../../../resources/lexicon/negation.json';
import { indexesOf, standsAlone, toMatch } from './text';

const NEGATORS = [...new Set(negation.negators.map(toMatch))].sort((a, b) => b.length - a.length);
const NOT_NEGATORS = negation.not_negators.map(toMatch);
const BOUNDARIES = new Set(negation.boundaries.map((b) => (b === '\n' ? b : toMatch(b))));
const SCOPE_BREAKERS = negation.scope_breakers.map(toMatch);
const MAX_DISTANCE = negation.max_distance;

export interface CueHit {
  cue: string;
  /** Index in the matching text. */
  index: number;
  end: number;
  negated: boolean;
}

/** Start of the clause part that contains `index`: after the last boundary or scope breaker before it. */
export function partStart(matchText: string, index: number): number {
  let start = 0;
  for (let i = index - 1; i >= 0; i--) {
    if (BOUNDARIES.has(matchText[i]!)) {
      start = i + 1;
      break;
    }
  }
  for (const br of SCOPE_BREAKERS) {
    const at = matchText.lastIndexOf(br, index - 1);
    if (at >= start && at + br.length <= index) start = at + br.length;
  }
  return Math.max(start, index - MAX_DISTANCE);
}

const NEGATOR_FIRST = new Set(NEGATORS.map((n) => n[0]!));

/** True when a negator inside the same clause part, before the cue, governs the cue at `cueIndex`. */
export function isNegated(matchText: string, cueIndex: number): boolean {
  // Fast path: no character that can start a negator within reach.
  let any = false;
  for (let i = Math.max(0, cueIndex - MAX_DISTANCE); i < cueIndex; i++) {
    if (NEGATOR_FIRST.has(matchText[i]!)) {
      any = true;
      break;
    }
  }
  if (!any) return false;
  const from = partStart(matchText, cueIndex);
  const window = matchText.slice(from, cueIndex);
  for (let i = 0; i < window.length; i++) {
    // Skip compounds that only look negative (不同, 不限于, 未满, 未经 …).
    if (!NEGATOR_FIRST.has(window[i]!)) continue;
    const nn = NOT_NEGATORS.find((w) => matchText.startsWith(w, from + i));
    if (nn) {
      i += nn.length - 1;
      continue;
    }
    if (NEGATORS.some((n) => window.startsWith(n, i))) return true;
  }
  return false;
}

const matchForm = new Map<string, string>();
/** The matching forms of a cue list, computed once per list (the lists are module constants). */
const formsOf = new WeakMap<readonly string[], string[]>();
function cueForm(raw: string): string {
  let f = matchForm.get(raw);
  if (f === undefined) matchForm.set(raw, (f = toMatch(raw)));
  return f;
}

/**
 * Every occurrence of every cue in the matching text (longest cue wins where cues overlap), with negation
 * unless `negation` is false (then `negated` is always false).
 */
export function findCues(matchText: string, cues: readonly string[], negation = true): CueHit[] {
  const hits: CueHit[] = [];
  let forms = formsOf.get(cues);
  if (!forms) formsOf.set(cues, (forms = cues.map(cueForm)));
  for (const cue of forms) {
    if (matchText.indexOf(cue) < 0) continue;
    for (const index of indexesOf(matchText, cue)) {
      if (!standsAlone(matchText, index, cue)) continue;
      hits.push({ cue, index, end: index + cue.length, negated: false });
    }
  }
  hits.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: CueHit[] = [];
  let coveredTo = -1;
  for (const h of hits) {
    if (h.index < coveredTo && h.end <= coveredTo) continue;
    kept.push(h);
    coveredTo = Math.max(coveredTo, h.end);
  }
  if (negation) for (const h of kept) h.negated = isNegated(matchText, h.index);
  return kept;
}

/** True when the cue text appears at least once, not negated. */
export function hasPositiveCue(matchText: string, cues: readonly string[]): boolean {
  return findCues(matchText, cues).some((h) => !h.negated);
}

// ---------------------------------------------------------------------------------------------------------
// Many cue lists against many clauses: one trie over every list's cue forms, one scan per clause. Gives the
// same hits as findCues / includesAny on each list, without one indexOf per cue per clause.

/** A trie as typed arrays: the root's child per code unit, each node's form, and an open-addressing edge table. */
interface CompiledTrie {
  rootChild: Int32Array;
  nodeForm: Int32Array;
  edgeNode: Int32Array;
  edgeChar: Int32Array;
  edgeTo: Int32Array;
  mask: number;
}

function edgeHash(node: number, c: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) >>> 7;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Form id of the cue ending here, or -1. */
  form: number;
}

const ASCII_CUE = /^[a-z0-9_]+$/;
const ASCII_ALNUM_CODE = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/** A registered cue list: its number in the index. */
export interface CueList {
  readonly no: number;
  readonly cues: readonly string[];
}

/** Everything the index found in one matching text. */
export interface CueScan {
  readonly m: string;
  /** Per list number: hits as findCues(m, list, false) returns them (longest wins, covered hits dropped). */
  readonly hits: (CueHit[] | undefined)[];
  /** Per list number: whether includesAny(m, list) is true. */
  readonly present: Uint8Array;
  /** Form ids that occur in m (plain substring, as indexOf finds them). */
  readonly forms: Set<number>;
  /** Lists whose hits already carry negation. */
  readonly negatedDone: Uint8Array;
}

export class CueIndex {
  private readonly root: TrieNode = { next: new Map(), form: -1 };
  private readonly formIds = new Map<string, number>();
  /** Per form: the lists that contain it. */
  private readonly formLists: number[][] = [];
  private readonly formAscii: boolean[] = [];
  private readonly formLen: number[] = [];
  private readonly lists: CueList[] = [];
  private readonly byArray = new Map<readonly string[], CueList>();
  /** Lists containing an empty cue: includesAny is always true for them, findCues never hits it. */
  private readonly emptyIn: number[] = [];
  /** The trie compiled to typed arrays for scan() (rebuilt after add()): integer lookups instead of Map objects. */
  private compiled: CompiledTrie | undefined;

  /** Registers a list of cues (raw or in matching form); the same array registers once. */
  add(cues: readonly string[]): CueList {
    const known = this.byArray.get(cues);
    if (known) return known;
    const list: CueList = { no: this.lists.length, cues };
    this.lists.push(list);
    this.byArray.set(cues, list);
    const seen = new Set<number>();
    for (const raw of cues) {
      const form = cueForm(raw);
      if (!form) {
        if (!this.emptyIn.includes(list.no)) this.emptyIn.push(list.no);
        continue;
      }
      const id = this.formId(form);
      if (seen.has(id)) continue;
      seen.add(id);
      this.formLists[id]!.push(list.no);
    }
    return list;
  }

  /** The list registered for this array, if any (a list added after a scan is not in that scan). */
  registered(cues: readonly string[]): CueList | undefined {
    return this.byArray.get(cues);
  }

  get formCount(): number {
    return this.formLen.length;
  }

  formIdOf(form: string): number | undefined {
    return this.formIds.get(form);
  }

  private formId(form: string): number {
    let id = this.formIds.get(form);
    if (id !== undefined) return id;
    id = this.formLen.length;
    this.formIds.set(form, id);
    this.formLists.push([]);
    this.formAscii.push(ASCII_CUE.test(form));
    this.formLen.push(form.length);
    let node = this.root;
    for (let i = 0; i < form.length; i++) {
      const c = form.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map(), form: -1 }));
      node = child;
    }
    node.form = id;
    this.compiled = undefined;
    return id;
  }

  private compile(): CompiledTrie {
    const nodes: TrieNode[] = [];
    const ids = new Map<TrieNode, number>();
    const number = (n: TrieNode): number => {
      let i = ids.get(n);
      if (i === undefined) {
        i = nodes.push(n) - 1;
        ids.set(n, i);
      }
      return i;
    };
    const rootChild = new Int32Array(65536).fill(-1);
    const edges: [number, number, number][] = [];
    for (const [c, child] of this.root.next) rootChild[c] = number(child);
    for (let k = 0; k < nodes.length; k++) for (const [c, child] of nodes[k]!.next) edges.push([k, c, number(child)]);
    let cap = 16;
    while (cap < edges.length * 2) cap *= 2;
    const edgeNode = new Int32Array(cap).fill(-1);
    const edgeChar = new Int32Array(cap);
    const edgeTo = new Int32Array(cap);
    for (const [from, c, to] of edges) {
      let h = edgeHash(from, c) & (cap - 1);
      while (edgeNode[h] !== -1) h = (h + 1) & (cap - 1);
      edgeNode[h] = from;
      edgeChar[h] = c;
      edgeTo[h] = to;
    }
    return { rootChild, nodeForm: Int32Array.from(nodes, (n) => n.form), edgeNode, edgeChar, edgeTo, mask: cap - 1 };
  }

  /** Scans M once for every registered cue. */
  scan(m: string): CueScan {
    const nLists = this.lists.length;
    const present = new Uint8Array(nLists);
    for (const no of this.emptyIn) present[no] = 1;
    const raw: (CueHit[] | undefined)[] = new Array(nLists);
    const forms = new Set<number>();
    const found: number[] = [];
    const t = (this.compiled ??= this.compile());
    const { rootChild, nodeForm, edgeNode, edgeChar, edgeTo, mask } = t;
    for (let i = 0; i < m.length; i++) {
      let node = rootChild[m.charCodeAt(i)]!;
      if (node < 0) continue;
      found.length = 0;
      let j = i + 1;
      for (;;) {
        const form = nodeForm[node]!;
        if (form >= 0) found.push(form);
        if (j >= m.length) break;
        const c = m.charCodeAt(j);
        let h = edgeHash(node, c) & mask;
        let next = -1;
        for (;;) {
          const en = edgeNode[h]!;
          if (en === -1) break;
          if (en === node && edgeChar[h] === c) {
            next = edgeTo[h]!;
            break;
          }
          h = (h + 1) & mask;
        }
        if (next < 0) break;
        node = next;
        j++;
      }
      // Longest first at one index, as findCues sorts them.
      for (let k = found.length - 1; k >= 0; k--) {
        const f = found[k]!;
        forms.add(f);
        const len = this.formLen[f]!;
        const lists = this.formLists[f]!;
        for (const no of lists) present[no] = 1;
        if (this.formAscii[f]) {
          const before = i > 0 ? m.charCodeAt(i - 1) : -1;
          const after = i + len < m.length ? m.charCodeAt(i + len) : -1;
          if (ASCII_ALNUM_CODE(before) || ASCII_ALNUM_CODE(after)) continue;
        }
        for (const no of lists) {
          const hit: CueHit = { cue: m.slice(i, i + len), index: i, end: i + len, negated: false };
          (raw[no] ??= []).push(hit);
        }
      }
    }
    // Drop hits covered by an earlier, longer one (findCues' rule).
    for (let no = 0; no < nLists; no++) {
      const hs = raw[no];
      if (!hs || hs.length < 2) continue;
      const kept: CueHit[] = [];
      let coveredTo = -1;
      for (const h of hs) {
        if (h.index < coveredTo && h.end <= coveredTo) continue;
        kept.push(h);
        coveredTo = Math.max(coveredTo, h.end);
      }
      raw[no] = kept;
    }
    return { m, hits: raw, present, forms, negatedDone: new Uint8Array(nLists) };
  }
}

const NO_HITS: readonly CueHit[] = Object.freeze([]);

/**
 * findCues(scan.m, list, negation) from a scan. The array is shared between calls on the same scan: read it,
 * do not change it.
 */
export function hitsIn(scan: CueScan, list: CueList, negation = true): readonly CueHit[] {
  const hs = scan.hits[list.no];
  if (!hs) return NO_HITS;
  if (!negation) {
    // Negation-free hits are only asked for by callers that never ask for negation on the same scan.
    return hs.some((h) => h.negated) ? hs.map((h) => ({ ...h, negated: false })) : hs;
  }
  if (!scan.negatedDone[list.no]) {
    for (const h of hs) h.negated = isNegated(scan.m, h.index);
    scan.negatedDone[list.no] = 1;
  }
  return hs;
}

/** includesAny(scan.m, list) from a scan. */
export function presentIn(scan: CueScan, list: CueList): boolean {
  return scan.present[list.no] === 1;
}
