// The evaluation harness behind `npm run eval` and scripts/eval.test.ts: runs the real engine (analyzeBytes) on the
// evaluation policies (resources/eval/keys/*.json) and scores grid cells and clause categories against the keys and
// clause labels made by reading (resources/eval/LABELLING.md). Pure computation: printing and writing are in eval.ts.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATTRIBUTES, CATEGORY_IDS, NOT_STATED, type CategoryId } from '../src/shared/taxonomy';
import { LOW_CONFIDENCE, type AttributeValue, type Cell, type PolicyAnalysis } from '../src/shared/types';
import { analyzeBytes } from '../src/engine/analyze';
import { extractDocument } from '../src/engine/adapters/index';
import { classifyTexts } from '../src/engine/classify/index';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
const KEYS_DIR = path.join(ROOT, 'resources/eval/keys');
const CLAUSES_DIR = path.join(ROOT, 'resources/eval/clauses');
const TRAIN_DIR = path.join(ROOT, 'resources/training/labels');

/** The five categories that feed the grid: clause macro-F1 is taken over these. */
export const GRID_CATEGORIES: CategoryId[] = ['collection', 'sharing', 'retention', 'minors', 'account_deletion'];
/** An evaluation policy whose text is at least this share identical to a training policy's is a near-duplicate. */
export const NEAR_DUPLICATE = 0.9;
/** The targets of issue 8. */
export const TARGETS = { cellAccuracy: 0.95, perAttribute: 0.9, clauseMacroF1: 0.9, dataTypeF1: 0.9 };

export interface Key {
  policy: string;
  app: string;
  attributes: Record<string, AttributeValue>;
  notes?: Record<string, string>;
}

export interface LabelRow {
  policy: string;
  text: string;
  labels: CategoryId[];
}

export interface CellResult {
  policy: string;
  attribute: string;
  expected: AttributeValue;
  got: AttributeValue;
  /** Exactly right (for sets: the same set). */
  correct: boolean;
  /** The cell's score: 1 or 0, or for set attributes the F1 of the two sets (issue 8: "sets scored by F1"). */
  score: number;
  /** For set attributes: F1 of the two sets (not_stated = empty set). */
  f1?: number;
  confidence: number;
  sure: boolean;
  evidence: { clauseId: string; quote: string }[];
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface NearDuplicate {
  evalPolicy: string;
  trainPolicy: string;
  /** Share of the evaluation text's 8-character shingles found in the training text. */
  similarity: number;
  /** Whether the training policy has labelled clauses (a real leak) or is only in the allowed training pool. */
  labelled: boolean;
}

export interface EvalResult {
  date: string;
  policies: string[];
  skipped: { policy: string; reason: string }[];
  excluded: { policy: string; reason: string }[];
  sharedPolicies: string[];
  nearDuplicates: NearDuplicate[];
  /** accuracy = mean cell score (sets by F1); exact = share of cells exactly right. */
  attributes: Record<string, { accuracy: number; exact: number; correct: number; total: number; meanF1?: number }>;
  /** Share of cells exactly right (sets must match exactly): stricter than cellAccuracy. */
  cellExact: number;
  cellAccuracy: number;
  cells: number;
  dataTypeF1: Prf;
  sure: { accuracy: number; correct: number; total: number };
  unsure: { accuracy: number; correct: number; total: number };
  clauses: {
    method: string;
    labelled: number;
    matched: number;
    unmatched: number;
    perCategory: Record<string, Prf>;
    macroF1Grid: number;
    macroF1All: number;
    /** The labelled clauses whose text (whitespace collapsed) appears in no training label file. */
    unseen: { clauses: number; perCategory: Record<string, Prf>; macroF1Grid: number };
    /** confusion[gold][predicted]: labelled clauses with gold category g that the engine gave category p. */
    confusion: Record<string, Record<string, number>>;
  };
  wrong: CellResult[];
  cellResults: CellResult[];
  targets: typeof TARGETS;
  targetsMet: { cellAccuracy: boolean; perAttribute: boolean; clauseMacroF1: boolean; dataTypeF1: boolean; all: boolean };
  gaps: string[];
  elapsedMs: number;
}

// ---------------------------------------------------------------- inputs

export function corpusAvailable(): boolean {
  return existsSync(path.join(CORPUS, 'ca4p-dev'));
}

export function readKeys(): Key[] {
  return readdirSync(KEYS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(KEYS_DIR, f), 'utf8')) as Key);
}

function readJsonl(file: string): LabelRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelRow);
}

export function readEvalClauses(): LabelRow[] {
  return readdirSync(CLAUSES_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readJsonl(path.join(CLAUSES_DIR, f)));
}

/**
 * Policies named in the training label files (the default directory plus any extra files). Rows exported from a
 * workspace name the file as imported ("0704.html") and carry its sha256: both are mapped back to the corpus name.
 */
export function trainingPolicies(extra: string[] = []): Set<string> {
  const out = new Set<string>();
  const files = readdirSync(TRAIN_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => path.join(TRAIN_DIR, f))
    .concat(extra);
  const byHash = extra.length ? corpusHashes() : new Map<string, string>();
  for (const f of files) {
    for (const r of readJsonl(f) as (LabelRow & { sha256?: string })[]) {
      out.add(r.policy);
      if (/^\d{4}\.html$/.test(r.policy)) out.add(`ca4p-dev/${r.policy}`);
      const known = r.sha256 ? byHash.get(r.sha256) : undefined;
      if (known) out.add(known);
    }
  }
  return out;
}

/** Every training label text, whitespace collapsed. */
function trainingTextSet(extra: string[] = []): Set<string> {
  const files = readdirSync(TRAIN_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => path.join(TRAIN_DIR, f))
    .concat(extra);
  return new Set(files.flatMap((f) => (readJsonl(f) as LabelRow[]).map((r) => collapse(r.text))));
}

/** sha256 of every evaluation policy's file → its corpus name. */
function corpusHashes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of readKeys()) {
    const file = path.join(CORPUS, k.policy);
    if (existsSync(file)) out.set(createHash('sha256').update(readFileSync(file)).digest('hex'), k.policy);
  }
  return out;
}

/** The policy text as the engine reads it (the adapter's extracted text). */
async function policyText(policy: string): Promise<string | null> {
  const file = path.join(CORPUS, policy);
  if (!existsSync(file)) return null;
  const doc = await extractDocument(new Uint8Array(readFileSync(file)), path.basename(file));
  return doc.text;
}

// ---------------------------------------------------------------- near-duplicates

const collapse = (s: string) => s.replace(/\s+/g, '');

function shingles(s: string, k = 8): Set<string> {
  const t = collapse(s);
  const out = new Set<string>();
  for (let i = 0; i + k <= t.length; i++) out.add(t.slice(i, i + k));
  return out;
}

/** Share of A's shingles that occur in B. */
function containment(a: Set<string>, b: Set<string>): number {
  if (a.size === 0) return 0;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / a.size;
}

/** The allowed training pool: the seeds and ca4p-dev 0496–0696. */
function trainingPool(): string[] {
  const out: string[] = [];
  const seeds = path.join(CORPUS, 'seeds');
  if (existsSync(seeds)) for (const f of readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort()) out.push(`seeds/${f}`);
  const dev = path.join(CORPUS, 'ca4p-dev');
  if (existsSync(dev)) {
    for (const f of readdirSync(dev).sort()) {
      const m = /^(\d{4})\.html$/.exec(f);
      if (m && Number(m[1]) >= 496 && Number(m[1]) <= 696) out.push(`ca4p-dev/${f}`);
    }
  }
  return out;
}

async function nearDuplicates(evalPolicies: string[], labelled: Set<string>): Promise<NearDuplicate[]> {
  const pool = [...new Set([...trainingPool(), ...labelled])];
  const poolSets: [string, Set<string>][] = [];
  for (const p of pool) {
    const t = await policyText(p);
    if (t !== null) poolSets.push([p, shingles(t)]);
  }
  const out: NearDuplicate[] = [];
  for (const e of evalPolicies) {
    const t = await policyText(e);
    if (t === null) continue;
    const es = shingles(t);
    for (const [p, ps] of poolSets) {
      // Identical both ways: the eval text is covered by the training text and (mostly) vice versa.
      const sim = Math.min(containment(es, ps), containment(ps, es));
      if (sim >= NEAR_DUPLICATE) out.push({ evalPolicy: e, trainPolicy: p, similarity: round(sim), labelled: labelled.has(p) });
    }
  }
  return out;
}

// ---------------------------------------------------------------- scoring cells

const isObj = (v: unknown): v is { number: number; unit: string } => typeof v === 'object' && v !== null && !Array.isArray(v);

function asSet(v: AttributeValue): (string | number)[] {
  return Array.isArray(v) ? v : [];
}

export function setF1(expected: AttributeValue, got: AttributeValue): { f1: number; tp: number; fp: number; fn: number } {
  const e = new Set(asSet(expected));
  const g = new Set(asSet(got));
  let tp = 0;
  for (const x of g) if (e.has(x)) tp++;
  const fp = g.size - tp;
  const fn = e.size - tp;
  if (e.size === 0 && g.size === 0) return { f1: 1, tp, fp, fn };
  return { f1: (2 * tp) / (2 * tp + fp + fn), tp, fp, fn };
}

/**
 * A cell's score. Sets (data types, recipients, ages) are scored by the F1 of the two sets, as issue 8 asks, so a
 * cell with 13 of 14 recipients counts 0.96, not 0; `correct` still says whether it was exactly right. Durations
 * must match in number and unit; everything else must be equal.
 */
export function scoreCell(attribute: string, expected: AttributeValue, got: AttributeValue): { correct: boolean; score: number; f1?: number } {
  const kind = ATTRIBUTES.find((a) => a.id === attribute)?.kind;
  if (kind === 'set' || kind === 'names' || kind === 'ages') {
    const { f1 } = setF1(expected, got);
    return { correct: f1 === 1, score: f1, f1 };
  }
  let correct: boolean;
  if (isObj(expected) || isObj(got)) correct = isObj(expected) && isObj(got) && expected.number === got.number && expected.unit === got.unit;
  else correct = expected === got;
  return { correct, score: correct ? 1 : 0 };
}

// ---------------------------------------------------------------- scoring clauses

/** Whitespace-collapsed text with a map back to offsets. */
function collapsedView(text: string): { c: string; map: number[] } {
  const map: number[] = [];
  let c = '';
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) continue;
    c += text[i];
    map.push(i);
  }
  return { c, map };
}

/** Strips the markdown markers the labellers stripped, for locating a label's text in the document. */
/** A label's text as found in the policy: whitespace collapsed, leading Markdown markers stripped. */
export function labelNeedle(text: string): string {
  return collapse(text).replace(/^[#*\-|>]+/, '').replace(/[*|]+$/, '');
}

/** True/false positives and false negatives of one category over labelled clauses (optionally only some of them). */
export function clauseCounts(gold: CategoryId[][], pred: CategoryId[][], cat: CategoryId, keep: (i: number) => boolean = () => true): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    if (!keep(i)) return;
    const inG = g.includes(cat);
    const inP = pred[i]!.includes(cat);
    if (inG && inP) tp++;
    else if (inP) fp++;
    else if (inG) fn++;
  });
  return { tp, fp, fn };
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn, tp, fp, fn };
}

/**
 * Predicted categories of each labelled clause: the label's text is located in the analysis text (whitespace
 * collapsed, searching forward from the previous label of the same policy so repeated sentences map in order),
 * and the engine clause that overlaps it most gives the categories. Labels that cannot be located are classified
 * on their own text (classifyTexts, the same call classify() makes on a segment).
 */
export function predictClauses(rows: LabelRow[], analysis: PolicyAnalysis | null): { pred: CategoryId[][]; matched: number } {
  const pred: CategoryId[][] = [];
  let matched = 0;
  const fallback: number[] = [];
  if (!analysis) {
    const cats = classifyTexts(rows.map((r) => r.text));
    return { pred: cats.map((cs) => cs.map((c) => c.id)), matched: 0 };
  }
  const { c, map } = collapsedView(analysis.text);
  // Clause lookup by offset.
  const clauses = analysis.clauses;
  let cursor = 0;
  rows.forEach((r, i) => {
    const needle = labelNeedle(r.text);
    let at = needle ? c.indexOf(needle, cursor) : -1;
    if (at < 0 && needle) at = c.indexOf(needle);
    if (at < 0) {
      pred.push([]);
      fallback.push(i);
      return;
    }
    cursor = at + 1;
    const s = map[at]!;
    const e = map[at + needle.length - 1]! + 1;
    let best: (typeof clauses)[number] | undefined;
    let bestOverlap = 0;
    for (const cl of clauses) {
      if (cl.end <= s || cl.start >= e) continue;
      const ov = Math.min(cl.end, e) - Math.max(cl.start, s);
      if (ov > bestOverlap) {
        bestOverlap = ov;
        best = cl;
      }
    }
    if (!best) {
      pred.push([]);
      fallback.push(i);
      return;
    }
    matched++;
    pred.push(best.categories.map((k) => k.id));
  });
  if (fallback.length) {
    const cats = classifyTexts(fallback.map((i) => rows[i]!.text));
    fallback.forEach((i, k) => (pred[i] = cats[k]!.map((x) => x.id)));
  }
  return { pred, matched };
}

// ---------------------------------------------------------------- run

export interface EvalOptions {
  /** Extra training label files to check for overlap (e.g. train.ts --extra). */
  extraTraining?: string[];
  /** Score near-duplicates of labelled training policies too (default: excluded). */
  includeNearDuplicates?: boolean;
}

export async function runEval(opts: EvalOptions = {}): Promise<EvalResult> {
  const started = performance.now();
  const keys = readKeys();
  const evalPolicies = keys.map((k) => k.policy);
  const evalClauses = readEvalClauses();
  const training = trainingPolicies(opts.extraTraining);
  const evalSet = new Set([...evalPolicies, ...evalClauses.map((r) => r.policy)]);
  const sharedPolicies = [...evalSet].filter((p) => training.has(p)).sort();

  const skipped: { policy: string; reason: string }[] = [];
  const excluded: { policy: string; reason: string }[] = [];
  const dups = await nearDuplicates([...evalSet].sort(), training);
  const leaking = new Map<string, NearDuplicate>();
  for (const d of dups) if (d.labelled && !leaking.has(d.evalPolicy)) leaking.set(d.evalPolicy, d);

  const cellResults: CellResult[] = [];
  const clauseGold: CategoryId[][] = [];
  const clausePred: CategoryId[][] = [];
  const clauseTexts: string[] = [];
  let matched = 0;
  const scored: string[] = [];
  for (const key of keys) {
    const file = path.join(CORPUS, key.policy);
    if (!existsSync(file)) {
      skipped.push({ policy: key.policy, reason: `${file} is absent` });
      continue;
    }
    if (sharedPolicies.includes(key.policy)) {
      excluded.push({ policy: key.policy, reason: 'also in the training labels' });
      continue;
    }
    const dup = leaking.get(key.policy);
    if (dup && !opts.includeNearDuplicates) {
      excluded.push({ policy: key.policy, reason: `${Math.round(dup.similarity * 100)}% identical to training policy ${dup.trainPolicy}` });
      continue;
    }
    const analysis = await analyzeBytes(new Uint8Array(readFileSync(file)), path.basename(file));
    scored.push(key.policy);
    for (const attr of ATTRIBUTES) {
      const expected = key.attributes[attr.id] ?? NOT_STATED;
      const cell: Cell = analysis.attributes[attr.id] ?? { value: NOT_STATED, evidence: [], confidence: 1 };
      const s = scoreCell(attr.id, expected, cell.value);
      cellResults.push({
        policy: key.policy,
        attribute: attr.id,
        expected,
        got: cell.value,
        correct: s.correct,
        score: s.score,
        ...(s.f1 !== undefined ? { f1: round(s.f1) } : {}),
        confidence: cell.confidence,
        sure: cell.confidence >= LOW_CONFIDENCE,
        evidence: cell.evidence.map((e) => ({ clauseId: e.clauseId, quote: e.quote })),
      });
    }
    const rows = evalClauses.filter((r) => r.policy === key.policy);
    const { pred, matched: m } = predictClauses(rows, analysis);
    matched += m;
    rows.forEach((r, i) => {
      clauseGold.push(r.labels);
      clausePred.push(pred[i]!);
      clauseTexts.push(r.text);
    });
  }

  // Cells.
  const attributes: EvalResult['attributes'] = {};
  for (const attr of ATTRIBUTES) {
    const rs = cellResults.filter((r) => r.attribute === attr.id);
    const correct = rs.filter((r) => r.correct).length;
    const f1s = rs.filter((r) => r.f1 !== undefined).map((r) => r.f1!);
    attributes[attr.id] = {
      accuracy: round(rs.length ? rs.reduce((a, r) => a + r.score, 0) / rs.length : 0),
      exact: round(rs.length ? correct / rs.length : 0),
      correct,
      total: rs.length,
      ...(f1s.length ? { meanF1: round(f1s.reduce((a, b) => a + b, 0) / f1s.length) } : {}),
    };
  }
  const correct = cellResults.filter((r) => r.correct).length;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of cellResults.filter((x) => x.attribute === 'collection.data_types')) {
    const s = setF1(r.expected, r.got);
    tp += s.tp;
    fp += s.fp;
    fn += s.fn;
  }
  // Sure vs unsure: the share of cells exactly right (a set cell must be the same set), the stricter reading.
  const part = (rs: CellResult[]) => ({ accuracy: round(rs.length ? rs.filter((r) => r.correct).length / rs.length : 0), correct: rs.filter((r) => r.correct).length, total: rs.length });

  // Clauses.
  const scoreClauses = (keep: (i: number) => boolean): Record<string, Prf> =>
    Object.fromEntries(CATEGORY_IDS.map((cat) => {
      const c = clauseCounts(clauseGold, clausePred, cat, keep);
      return [cat, prf(c.tp, c.fp, c.fn)];
    }));
  const perCategory = scoreClauses(() => true);
  // Template boilerplate recurs across apps, so some labelled clauses have a word-for-word twin in the training
  // labels. Scoring only the clauses without one shows how the classifier does on text it has never seen.
  const trainingTexts = trainingTextSet(opts.extraTraining);
  const unseen = clauseTexts.map((t) => !trainingTexts.has(collapse(t)));
  const perCategoryUnseen = scoreClauses((i) => unseen[i]!);
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of CATEGORY_IDS) {
    confusion[g] = {};
    for (const p of CATEGORY_IDS) confusion[g]![p] = 0;
  }
  clauseGold.forEach((gs, i) => {
    for (const g of gs) for (const p of clausePred[i]!) confusion[g]![p]!++;
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const macroF1Grid = round(mean(GRID_CATEGORIES.map((c) => perCategory[c]!.f1)));

  const cellAccuracy = round(cellResults.length ? cellResults.reduce((a, r) => a + r.score, 0) / cellResults.length : 0);
  const cellExact = round(cellResults.length ? correct / cellResults.length : 0);
  const dataTypeF1 = prf(tp, fp, fn);
  const gaps: string[] = [];
  if (cellAccuracy < TARGETS.cellAccuracy) gaps.push(`grid cell accuracy ${cellAccuracy} < ${TARGETS.cellAccuracy}`);
  for (const [id, a] of Object.entries(attributes)) if (a.accuracy < TARGETS.perAttribute) gaps.push(`${id} accuracy ${a.accuracy} < ${TARGETS.perAttribute}`);
  if (macroF1Grid < TARGETS.clauseMacroF1) gaps.push(`clause macro-F1 (grid categories) ${macroF1Grid} < ${TARGETS.clauseMacroF1}`);
  if (dataTypeF1.f1 < TARGETS.dataTypeF1) gaps.push(`data-type set F1 ${dataTypeF1.f1} < ${TARGETS.dataTypeF1}`);
  const targetsMet = {
    cellAccuracy: cellAccuracy >= TARGETS.cellAccuracy,
    perAttribute: Object.values(attributes).every((a) => a.accuracy >= TARGETS.perAttribute),
    clauseMacroF1: macroF1Grid >= TARGETS.clauseMacroF1,
    dataTypeF1: dataTypeF1.f1 >= TARGETS.dataTypeF1,
    all: gaps.length === 0,
  };

  return {
    date: new Date().toISOString(),
    policies: scored,
    skipped,
    excluded,
    sharedPolicies,
    nearDuplicates: dups,
    attributes,
    cellAccuracy,
    cellExact,
    cells: cellResults.length,
    dataTypeF1,
    sure: part(cellResults.filter((r) => r.sure)),
    unsure: part(cellResults.filter((r) => !r.sure)),
    clauses: {
      method:
        "each labelled clause's text is located in the engine's analysis text (whitespace collapsed) and takes the categories of the engine clause that overlaps it most; labels that cannot be located are classified on their own text",
      labelled: clauseGold.length,
      matched,
      unmatched: clauseGold.length - matched,
      perCategory,
      macroF1Grid,
      macroF1All: round(mean(CATEGORY_IDS.map((c) => perCategory[c]!.f1))),
      unseen: { clauses: unseen.filter(Boolean).length, perCategory: perCategoryUnseen, macroF1Grid: round(mean(GRID_CATEGORIES.map((c) => perCategoryUnseen[c]!.f1))) },
      confusion,
    },
    wrong: cellResults.filter((r) => !r.correct),
    cellResults,
    targets: TARGETS,
    targetsMet,
    gaps,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// ---------------------------------------------------------------- printing

export function fmtValue(v: AttributeValue): string {
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (isObj(v)) return `${v.number} ${v.unit}`;
  return String(v);
}

export function formatReport(r: EvalResult, opts: { wrong?: boolean } = {}): string {
  const out: string[] = [];
  const pct = (x: number) => x.toFixed(3);
  out.push(`Evaluation: ${r.policies.length} policies scored, ${r.cells} cells, ${r.clauses.labelled} labelled clauses (${r.elapsedMs} ms)`);
  for (const s of r.skipped) out.push(`  skipped ${s.policy}: ${s.reason}`);
  for (const s of r.excluded) out.push(`  excluded ${s.policy}: ${s.reason}`);
  if (r.nearDuplicates.length) {
    out.push('Near-duplicates of the training pool (>= 90% identical):');
    for (const d of r.nearDuplicates) out.push(`  ${d.evalPolicy} ~ ${d.trainPolicy} ${pct(d.similarity)}${d.labelled ? ' (labelled: excluded)' : ' (unlabelled pool policy: kept; do not label it for training)'}`);
  } else out.push('Near-duplicates of the training pool (>= 90% identical): none');
  out.push('');
  out.push('attribute                          accuracy  exactly right (sets: same set)');
  for (const [id, a] of Object.entries(r.attributes)) {
    out.push(`${id.padEnd(34)} ${pct(a.accuracy).padStart(8)}  ${pct(a.exact)} ${`(${a.correct}/${a.total})`}`);
  }
  out.push(`${'GRID CELL ACCURACY'.padEnd(34)} ${pct(r.cellAccuracy).padStart(8)}  ${pct(r.cellExact)}`);
  out.push('(accuracy = mean cell score; a set cell scores the F1 of its two sets, every other cell 1 or 0)');
  out.push(`data-type set F1 (micro): ${pct(r.dataTypeF1.f1)} (P ${pct(r.dataTypeF1.precision)}, R ${pct(r.dataTypeF1.recall)}; tp ${r.dataTypeF1.tp} fp ${r.dataTypeF1.fp} fn ${r.dataTypeF1.fn})`);
  out.push(`exactly right, sure cells (confidence >= 0.6): ${pct(r.sure.accuracy)} (${r.sure.correct}/${r.sure.total}); unsure: ${pct(r.unsure.accuracy)} (${r.unsure.correct}/${r.unsure.total})`);
  out.push('');
  out.push(`Clauses (${r.clauses.matched} matched to engine clauses, ${r.clauses.unmatched} classified on their own text)`);
  out.push('category           precision  recall     F1  support');
  for (const [cat, p] of Object.entries(r.clauses.perCategory)) {
    out.push(`${cat.padEnd(18)} ${pct(p.precision).padStart(9)} ${pct(p.recall).padStart(7)} ${pct(p.f1).padStart(6)} ${String(p.support).padStart(8)}`);
  }
  out.push(`macro-F1 over ${GRID_CATEGORIES.join(', ')}: ${pct(r.clauses.macroF1Grid)} (all eight: ${pct(r.clauses.macroF1All)})`);
  const u = r.clauses.unseen;
  out.push(`  on the ${u.clauses} labelled clauses with no word-for-word twin in the training labels: macro-F1 ${pct(u.macroF1Grid)} (${GRID_CATEGORIES.map((c) => `${c} ${pct(u.perCategory[c]!.f1)}`).join(', ')})`);
  out.push('');
  out.push('Confusion (rows: labelled category; columns: engine category; a clause counts once per pair)');
  const short: Record<string, string> = { collection: 'coll', sharing: 'shar', retention: 'rete', minors: 'mino', account_deletion: 'acct', user_rights: 'rght', security: 'secu', other: 'othr' };
  out.push(`${''.padEnd(17)}${CATEGORY_IDS.map((c) => short[c]!.padStart(6)).join('')}`);
  for (const g of CATEGORY_IDS) out.push(`${g.padEnd(17)}${CATEGORY_IDS.map((p) => String(r.clauses.confusion[g]![p]).padStart(6)).join('')}`);
  if (opts.wrong !== false) {
    out.push('');
    out.push(`Wrong cells (${r.wrong.length})`);
    for (const w of r.wrong) {
      out.push(`- ${w.policy} ${w.attribute}: expected ${fmtValue(w.expected)}, got ${fmtValue(w.got)} (confidence ${w.confidence}${w.f1 !== undefined ? `, F1 ${w.f1}` : ''})`);
      for (const e of w.evidence.slice(0, 4)) out.push(`    「${e.quote.replace(/\s+/g, ' ').slice(0, 140)}」`);
    }
  }
  out.push('');
  out.push(r.gaps.length ? `Targets NOT met: ${r.gaps.join('; ')}` : 'All targets met.');
  return out.join('\n');
}
