// classify: segments → clauses with categories (rules and the `natural` model combined).
import type { CategoryId } from '../../shared/taxonomy';
import type { Clause, ClauseCategory } from '../../shared/types';
import type { Segment } from '../document';
import { applyContext, contextFeatures, type StageScores } from './context';
import { getModel, predictMany, type LoadedModel } from './model';
import { ruleCategories, type RuleHit } from './rules';
import { toMatch } from './text';

export { findCues, isNegated, type CueHit } from './cues';
export { setModelPath } from './model';

/** Model probability above which a category is asserted without a rule (unless the model file says otherwise). */
const DEFAULT_THRESHOLD = 0.7;

/** Combines rule hits and model probabilities into the clause's categories. */
export function combine(
  rules: { id: CategoryId; confidence: number }[],
  probs: Map<CategoryId, number> | null,
  thresholds: Partial<Record<CategoryId, number>> = {},
): ClauseCategory[] {
  const out: ClauseCategory[] = [];
  const ruleById = new Map(rules.map((r) => [r.id, r.confidence]));
  const ids = new Set<CategoryId>([...ruleById.keys(), ...(probs ? probs.keys() : [])]);
  for (const id of ids) {
    if (id === 'other') continue;
    const rule = ruleById.get(id);
    const p = probs?.get(id);
    const threshold = thresholds[id] ?? DEFAULT_THRESHOLD;
    const agree = Math.min(0.5, threshold);
    if (rule !== undefined && p !== undefined && p >= agree) {
      // Both agree: the strongest evidence we have.
      out.push({ id, confidence: round(Math.min(0.98, 0.5 + rule / 2 + (p - agree) / 4)), source: 'rule' });
    } else if (rule !== undefined && p !== undefined) {
      // The rule fired but the model disagrees: keep only a rule with several strong cues, with less confidence.
      if (rule >= 0.8 || p >= agree / 2) out.push({ id, confidence: round(Math.max(0.3, rule - 0.25)), source: 'rule' });
    } else if (rule !== undefined) {
      out.push({ id, confidence: round(rule), source: 'rule' });
    } else if (p !== undefined && p >= threshold) {
      out.push({ id, confidence: round(Math.min(0.85, 0.5 + (p - threshold) / (1 - threshold + 1e-9) * 0.35)), source: 'model' });
    }
  }
  if (out.length === 0) {
    const pOther = probs?.get('other');
    out.push({ id: 'other', confidence: round(pOther !== undefined ? Math.max(0.5, pOther) : 0.6), source: probs ? 'model' : 'rule' });
  }
  out.sort((a, b) => b.confidence - a.confidence);
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Classifies one clause's text (headings included). */
export function classifyText(text: string, model: LoadedModel | null = getModel()): ClauseCategory[] {
  return classifyTexts([text], model)[0]!;
}

export function classifyTexts(texts: string[], model: LoadedModel | null = getModel()): ClauseCategory[][] {
  return scoreTexts(texts, model).cats;
}

/** Rules and model on each text, and their combination; the scores feed the context layer. */
function scoreTexts(texts: string[], model: LoadedModel | null): StageScores & { cats: ClauseCategory[][] } {
  const probs = model ? predictMany(model, texts) : null;
  const rules: RuleHit[][] = texts.map((t) => ruleCategories(toMatch(t)));
  const cats = texts.map((_, i) => combine(rules[i]!, probs ? probs[i]! : null, model?.thresholds));
  return { probs: probs ?? texts.map(() => null), rules, cats };
}

/** Categories a section heading can pass on to its clauses. */
const SECTION_CATEGORIES = new Set<CategoryId>(['collection', 'sharing', 'retention', 'minors', 'account_deletion', 'user_rights', 'security']);
/** Definitions stay `other` whatever section they sit in ("个人敏感信息是指…"). */
const DEFINITION = /是指|指的是|以下简称|以下统称|下称/;
/** An item of a statutory exception list. */
const EXCEPTION_ITEM = /国家安全|国防安全|公共安全|公共卫生|重大公共利益|犯罪侦查|起诉、审判|审判和|重大合法权益|自行向社会公众公开|自行公开|合法公开披露|新闻报道|签订和履行合同|履行合同所必需|安全稳定运行|处置产品或服务的故障|学术研究|法律法规规定的其他情形|法律法规规定的其它情形|法定职责|法定义务|所必需的|人身财产安全|主观恶意|滥用权利|商业秘密/;
/** The category of an exception list's opening sentence ("…收集、使用您的个人信息无需征得您的授权同意："), if it is one. */
function exceptionTopic(t: string, heading = false): CategoryId | null {
  if (/无法响应|不予响应|无法满足您的请求/.test(t)) return 'user_rights';
  if (!(heading ? EXCEPTION_HEADING : /(无需|无须|不需要?)(事先)?(征求|征得|取得|获得)/).test(t)) return null;
  if (/共享|转让|公开披露|披露|对外提供/.test(t)) return 'sharing';
  if (/收集|使用|处理/.test(t)) return 'collection';
  return null;
}
/**
 * Categories the model alone may not add against the section's topic. Chosen per category on the training policies
 * (retention, security and user_rights lose recall there when scoped, so they are not).
 */
const SCOPED = new Set<CategoryId>(['sharing', 'collection', 'account_deletion', 'minors']);
/** A heading over an exception list. */
const EXCEPTION_HEADING = /例外|豁免|无需征得|无需征求|无需事先征得/;
/** The usual ending of an exception item ("…所必需的；"). */
const ITEM_END = /的[；;。.，,]?$/;
/** A sentence that opens a list (ends with a colon). */
const LIST_INTRO = /[：:]\s*$/;
/** POLICYBENCH_SECTION_CONTEXT=0 turns section context off (to measure what it does). */
const SECTION_CONTEXT = process.env.POLICYBENCH_SECTION_CONTEXT !== '0';
/** A heading passes its topic on only when classified at least this surely (a rule cue, or rule and model). */
const HEADING_MIN = 0.7;

/**
 * The section's topic, from its headings (innermost first): the categories of the nearest heading that has any
 * besides `other`.
 */
function sectionTopic(section: string[], headingCats: Map<string, ClauseCategory[]>): CategoryId[] {
  for (let i = section.length - 1; i >= 0; i--) {
    const hc = headingCats.get(section[i]!) ?? [];
    // Only a heading that clearly names its topic ("三、我们如何共享…") speaks for its clauses.
    const cats = hc.filter((c) => c.confidence >= HEADING_MIN && SECTION_CATEGORIES.has(c.id)).map((c) => c.id);
    if (cats.length) return cats;
    if (hc.some((c) => c.id === 'other')) return [];
  }
  return [];
}

/**
 * Section context: a clause the text alone leaves at `other` (a list item of a legal-exception list, a table row, a
 * sentence half) takes the topic of its section, as the labelling rules do (A-README, B-README); a weakly
 * classified clause keeps its own categories and adds the section's. Definitions and headings are left alone.
 */
export function withSectionContext(
  segments: (Pick<Segment, 'section' | 'kind' | 'text'> & { matchText?: string })[],
  cats: ClauseCategory[][],
  model: LoadedModel | null = getModel(),
  headings?: { texts: string[]; cats: ClauseCategory[][] },
): ClauseCategory[][] {
  if (!SECTION_CONTEXT) return cats;
  const headingTexts = headings?.texts ?? [...new Set(segments.flatMap((s) => s.section))];
  const headingCats = new Map<string, ClauseCategory[]>();
  const hc = headings?.cats ?? classifyTexts(headingTexts.map(toMatch), model);
  headingTexts.forEach((h, i) => headingCats.set(h, hc[i]!));
  // Statutory exception lists ("与国家安全、国防安全有关的；" …) recur under collection, sharing and request handling:
  // an item takes the category of the sentence that opens its list (A-README, B-README: section context decides).
  let intro: ClauseCategory[] | null = null;
  const asIntro = (id: CategoryId): ClauseCategory[] => [{ id, confidence: 0.6, source: 'rule' }];
  return segments.map((s, i) => {
    let own = cats[i]!;
    const t = s.matchText || s.text;
    // An item of the current list (a list item wrongly taken for a heading too).
    if (intro && t.length <= 120 && (EXCEPTION_ITEM.test(t) || (s.kind !== 'heading' && ITEM_END.test(t)))) return intro;
    if (s.kind === 'heading') {
      // "（五）征得授权同意的例外", "依法豁免征得同意收集和使用的个人信息": the list's topic is the heading's verb, else its section's.
      intro = null;
      if (EXCEPTION_HEADING.test(t)) {
        const topic = exceptionTopic(t, true) ?? sectionTopic(s.section, headingCats)[0];
        if (topic) intro = asIntro(topic);
      }
      return own;
    }
    // The opening sentence says which duty the exceptions are to: to ask consent for collection, for sharing, or to
    // answer the user's request. Its verbs decide (the model reads the boilerplate as sharing wherever it sits).
    const listTopic = t.length <= 200 ? exceptionTopic(t) : null;
    if (listTopic) {
      intro = asIntro(listTopic);
      return [{ id: listTopic, confidence: 0.75, source: 'rule' as const }];
    }
    if (LIST_INTRO.test(t)) {
      const introCats = own.filter((c) => c.id !== 'other');
      intro = introCats.length ? introCats.map((c) => ({ id: c.id, confidence: 0.6, source: 'rule' as const })) : null;
    } else intro = null;
    if (DEFINITION.test(s.text)) return own;
    const topic = sectionTopic(s.section, headingCats);
    if (topic.length === 0) return own;
    // Cue scope: the model alone (no cue of the category in the text) does not move a clause out of its section's
    // topic ("…用于其他目的时，会事先征求您的同意" under collection is not about sharing).
    if (own.some((c) => c.source === 'model' && SCOPED.has(c.id) && !topic.includes(c.id))) {
      own = own.filter((c) => !(c.source === 'model' && SCOPED.has(c.id) && !topic.includes(c.id)));
      if (own.length === 0) return topic.map((id) => ({ id, confidence: 0.55, source: 'rule' as const }));
    }
    const onlyOther = own.every((c) => c.id === 'other');
    if (onlyOther) return topic.map((id) => ({ id, confidence: 0.55, source: 'rule' as const }));
    // A weakly classified clause also gets its section's topic (a sentence half, a table row the rules barely touch).
    if (own.every((c) => c.confidence < 0.7)) {
      const add = topic.filter((id) => !own.some((c) => c.id === id)).map((id) => ({ id, confidence: 0.55, source: 'rule' as const }));
      return [...own, ...add];
    }
    return own;
  });
}

/** POLICYBENCH_CONTEXT_LAYER=0 turns the learned context layer off (to measure what it does). */
const CONTEXT_LAYER = process.env.POLICYBENCH_CONTEXT_LAYER !== '0';

/**
 * Every stage for a list of segments: rules + model per clause, section context, and the context layer. `final` is
 * what classify returns. The layer's feature rows are built only when the layer runs, or when `opts.features` asks
 * for them (training fits the layer on them, see scripts/train-lib.ts).
 */
export function classifyDetailed(
  segments: (Pick<Segment, 'section' | 'kind' | 'text'> & { matchText?: string })[],
  model: LoadedModel | null = getModel(),
  opts: { features?: boolean } = {},
): { afterSection: ClauseCategory[][]; features: Float64Array[] | null; final: ClauseCategory[][] } {
  const headingTexts = [...new Set(segments.flatMap((s) => s.section))];
  // Each distinct text is scored once: most headings are clauses of the same policy too, and boilerplate
  // repeats (a text's scores do not depend on the others scored with it).
  const unique = new Map<string, number>();
  const texts: string[] = [];
  const slot = (t: string): number => {
    let i = unique.get(t);
    if (i === undefined) unique.set(t, (i = texts.push(t) - 1));
    return i;
  };
  const ownSlots = segments.map((s) => slot(s.matchText || s.text));
  const headSlots = headingTexts.map((h) => slot(toMatch(h)));
  const all = scoreTexts(texts, model);
  const pick = (slots: number[]) => ({ probs: slots.map((i) => all.probs[i] ?? null), rules: slots.map((i) => all.rules[i]!), cats: slots.map((i) => all.cats[i]!) });
  const own = pick(ownSlots);
  const heads = pick(headSlots);
  const afterSection = withSectionContext(segments, own.cats, model, { texts: headingTexts, cats: heads.cats });
  const layer = model?.context && CONTEXT_LAYER ? model.context : undefined;
  if (!model || !SECTION_CONTEXT || (!layer && !opts.features)) return { afterSection, features: null, final: afterSection };
  const features = contextFeatures(segments, own, afterSection, { index: new Map(headingTexts.map((h, i) => [h, i])), scores: heads });
  return { afterSection, features, final: layer ? applyContext(layer, features, afterSection) : afterSection };
}

/** Classifies segments into clauses. Synchronous; loads the model file lazily on first use. */
export function classify(segments: Segment[]): Clause[] {
  const cats = classifyDetailed(segments).final;
  // Clauses with the same categories share one array (never changed in place): most are one of a few dozen
  // combinations, and the worker's answer then carries each once (structured clone keeps shared references).
  const shared = new Map<string, ClauseCategory[]>();
  return segments.map((s, i) => {
    const { matchText: _omit, ...rest } = s;
    const own = cats[i]!;
    const key = own.map((c) => `${c.id}:${c.confidence}:${c.source}`).join(',');
    let categories = shared.get(key);
    if (!categories) shared.set(key, (categories = own));
    return { ...rest, categories };
  });
}
