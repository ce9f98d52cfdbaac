// extract: classified clauses → one cell per taxonomy attribute, each value backed by evidence quotes.
import attrLex from '../../../resources/lexicon/attributes.json';
import dataTypeLex from '../../../resources/lexicon/data-types.json';
import recipientLex from '../../../resources/lexicon/recipients.json';
import { ATTRIBUTES, NOT_STATED, type CategoryId, type DataTypeCode } from '../../shared/taxonomy';
import type { AttributeValue, Cell, Clause, Duration, Evidence } from '../../shared/types';
import { CueIndex, findCues, hitsIn, isNegated, partStart, presentIn, type CueHit, type CueScan } from '../classify/cues';
import { includesAny, matchView, standsAlone, toMatch } from '../classify/text';
import { findDurations, findImmediate } from './duration';

/** A clause with its matching view. */
interface Prepared {
  c: Clause;
  m: string;
  map: number[];
  cats: Set<CategoryId>;
  /** Innermost heading, in matching form. */
  heading: string;
  headings: string;
  /** Every lexicon cue in m, found in one scan (on first use). */
  scan?: CueScan;
}

const norm = (xs: readonly string[]) => xs.map(toMatch);
const A = {
  sensitive: norm(attrLex.sensitive_notice.cues),
  sensitiveNot: norm(attrLex.sensitive_notice.not_cues),
  shareVerbs: norm(attrLex.sharing.verbs),
  thirdParty: norm(attrLex.sharing.third_party_terms),
  legal: norm(attrLex.sharing.legal_terms),
  consent: norm(attrLex.sharing.consent_terms),
  exception: norm(attrLex.sharing.exception_terms),
  notShared: norm(attrLex.sharing.not_shared_terms),
  affCues: norm(attrLex.affiliates.cues),
  affVerbs: norm(attrLex.affiliates.verbs),
  merger: norm(attrLex.merger.cues),
  mergerObj: norm(attrLex.merger.objects),
  disclosure: norm(attrLex.public_disclosure.cues),
  disclosureExcl: norm(attrLex.public_disclosure.exclude),
  domestic: norm(attrLex.cross_border.domestic),
  storeVerbs: norm(attrLex.cross_border.storage_verbs),
  abroad: norm(attrLex.cross_border.abroad),
  conditional: norm(attrLex.cross_border.conditional),
  abroadExcl: norm(attrLex.cross_border.abroad_exclude),
  currentlyNone: norm(attrLex.cross_border.currently_none),
  abroadContext: norm(attrLex.cross_border.abroad_context),
  keep: norm(attrLex.retention.keep_verbs),
  minNec: norm(attrLex.retention.minimum_necessary),
  law: norm(attrLex.retention.law),
  lawOnly: norm(attrLex.retention.law_only),
  general: norm(attrLex.retention.general_object),
  specificExcl: norm(attrLex.retention.specific_exclude),
  endCues: norm(attrLex.service_end.cues),
  endDelete: norm(attrLex.service_end.delete),
  endNotify: norm(attrLex.service_end.notify),
  endNotOperator: norm(attrLex.service_end.not_operator_end),
  cap: norm(attrLex.retention.cap),
  guardian: norm(attrLex.minors.guardian),
  guardianConsent: norm(attrLex.minors.guardian_consent),
  childRules: norm(attrLex.minors.child_rules_cues),
  ageContext: norm(attrLex.minors.age_context),
  allowedAges: new Set(attrLex.minors.allowed_ages),
  del: norm(attrLex.account_deletion.cues),
  delPositive: norm(attrLex.account_deletion.available_positive),
  delUnavailable: norm(attrLex.account_deletion.unavailable),
  selfService: norm(attrLex.account_deletion.self_service),
  selfServiceWeak: norm(attrLex.account_deletion.self_service_weak),
  support: norm(attrLex.account_deletion.contact_support),
  tfVerbs: norm(attrLex.account_deletion.timeframe_verbs),
  delDelete: norm(attrLex.account_deletion.delete),
  delRetain: norm(attrLex.account_deletion.retain),
  delRetainOk: norm(attrLex.account_deletion.retain_ok),
  responseRequest: norm(attrLex.account_deletion.response_request),
};
const DEFINITION = norm(dataTypeLex.definition_patterns);
const DEFINITION_HEADINGS = norm(dataTypeLex.definition_headings);
const DATA_TYPES = Object.entries(dataTypeLex.types).map(([code, t]) => ({
  code: code as DataTypeCode,
  cues: norm(t.cues),
  exclude: norm(t.exclude),
}));
const RECIPIENTS = Object.entries(recipientLex.recipients)
  .flatMap(([name, aliases]) => aliases.map((a) => ({ name, alias: toMatch(a) })))
  .sort((a, b) => b.alias.length - a.alias.length);

/** Characters that, just before a name, show it is part of another word ("一个推送" is not 个推). */
const NOT_AFTER = new Map<string, string[]>(Object.entries((recipientLex as { not_after?: Record<string, string[]> }).not_after ?? {}));

/** Characters that, just after a name, show it is an account (微信号, QQ号), not a recipient. */
const NOT_BEFORE = new Map<string, string[]>(Object.entries((recipientLex as { not_before?: Record<string, string[]> }).not_before ?? {}));

/** One trie over every cue list above: each clause is scanned once instead of once per cue. */
const CUES = new CueIndex();
for (const list of Object.values(A)) if (Array.isArray(list)) CUES.add(list);
CUES.add(DEFINITION);
for (const dt of DATA_TYPES) {
  CUES.add(dt.cues);
  CUES.add(dt.exclude);
}
const RECIPIENT_ALIASES = RECIPIENTS.map((r) => r.alias);
const recipientList = CUES.add(RECIPIENT_ALIASES);

function scanOf(p: Prepared): CueScan {
  return (p.scan ??= CUES.scan(p.m));
}

/** findCues(p.m, list), from the clause's scan when the list is one of ours. */
function cuesIn(p: Prepared, list: string[]): readonly CueHit[] {
  const l = CUES.registered(list);
  return l ? hitsIn(scanOf(p), l) : findCues(p.m, list);
}

/** includesAny(p.m, list), from the clause's scan when the list is one of ours. */
function hasAny(p: Prepared, list: string[]): boolean {
  const l = CUES.registered(list);
  return l ? presentIn(scanOf(p), l) : includesAny(p.m, list);
}

/** Evidence quotes longer than this are narrowed to the clause part around the cue. */
const MAX_QUOTE = 160;
const PART_END = /[。；;！!？?\n]/;

function prepare(c: Clause): Prepared {
  const { m, map } = matchView(c.text, c.start);
  const headings = c.section.map(toMatch);
  return { c, m, map, cats: new Set(c.categories.map((x) => x.id)), heading: headings[headings.length - 1] ?? '', headings: headings.join('/') };
}

/** Evidence for a cue at m[index, end): the whole clause, or the sentence part around the cue when the clause is long. */
function evidence(p: Prepared, text: string, index?: number, end?: number): Evidence {
  let start = p.c.start;
  let stop = p.c.end;
  if (index !== undefined && end !== undefined && p.c.end - p.c.start > MAX_QUOTE && p.map.length) {
    let a = index;
    while (a > 0 && index - a < MAX_QUOTE / 2 && !PART_END.test(p.m[a - 1]!)) a--;
    let b = Math.max(end, index + 1);
    while (b < p.m.length && b - index < MAX_QUOTE / 2 && !PART_END.test(p.m[b - 1]!)) b++;
    start = p.map[a]!;
    stop = p.map[Math.min(b, p.map.length) - 1]! + 1;
    // Keep surrogate pairs whole.
    if (stop < text.length && /[\udc00-\udfff]/.test(text[stop]!)) stop++;
  }
  return { clauseId: p.c.id, start, end: stop, quote: text.slice(start, stop) };
}

function cell(value: AttributeValue, ev: Evidence[], confidence: number): Cell {
  if (ev.length === 0) return notStated();
  return { value, evidence: dedupe(ev), confidence: Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100 };
}

function notStated(): Cell {
  return { value: NOT_STATED, evidence: [], confidence: 1 };
}

function dedupe(ev: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of ev) {
    const k = `${e.start}:${e.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Confidence from the number of supporting clauses: one clause 0.7, two 0.8, three or more 0.88. */
function support(n: number, base = 0.7): number {
  return n <= 0 ? 0 : Math.min(0.92, base + (n - 1) * 0.1 - (n > 2 ? 0.02 : 0));
}

// ---------------------------------------------------------------- collection

function collectionContext(p: Prepared): boolean {
  if (p.cats.has('collection')) return true;
  // An SDK inside the app collects too ("友盟+统计分析工具发送的请求中还可能包含用户的IP地址"), whatever section it sits in.
  if (p.cats.has('sharing') && (/sdk/.test(p.m) || /sdk|第三方服务|统计分析/.test(p.headings)) && /收集|获取|采集|读取|包含|使用/.test(p.m)) return true;
  // The sentence itself says the operator takes the data ("本应用自动接收并记录的您的…IP地址"), whatever its category.
  if (COLLECTING_TEXT.test(p.m)) return true;
  return /收集|获取|采集|权限|sdk|使用的信息|提供的(数据|信息)/.test(p.heading);
}
const COLLECTING_TEXT = /(收集|采集|获取|读取|记录)[^，,。；;：:]{0,4}您的(?!(个人)?(敏感)?信息)/;

function dataTypes(ps: Prepared[], text: string): Cell {
  const found = new Map<DataTypeCode, Evidence[]>();
  // A definition's list ("敏感信息主要包括：…；…；…。") runs on over the following list items until the sentence ends.
  let inDefinition = false;
  for (const p of ps) {
    const definition: boolean = hasAny(p, DEFINITION) || includesAny(p.heading, DEFINITION_HEADINGS) || (inDefinition && p.c.kind !== 'heading');
    inDefinition = definition && !/[。.!！?？]$/.test(p.m) && p.c.kind !== 'heading';
    if (!collectionContext(p) || definition || notCollecting(p)) continue;
    const negatedFrom = negatedListStart(p.m);
    for (const dt of DATA_TYPES) {
      const hits = cuesIn(p, dt.cues).filter((h) => !h.negated && !inNegatedList(p.m, h.index, negatedFrom) && !(hasAny(p, dt.exclude) && excluded(p.m, h.index, dt.exclude)));
      if (hits.length === 0) continue;
      const list = found.get(dt.code) ?? [];
      if (list.length < 3) list.push(evidence(p, text, hits[0]!.index, hits[0]!.end));
      found.set(dt.code, list);
    }
  }
  if (found.size === 0) return notStated();
  const codes = DATA_TYPES.map((d) => d.code).filter((c) => found.has(c));
  const ev = codes.flatMap((c) => found.get(c)!);
  // A set is as trustworthy as its weakest member: a type read from one clause only (a lone permission row, a
  // passing example) is the usual error, so any single-mention type makes the whole set unsure.
  const single = codes.filter((c) => found.get(c)!.length === 1).length;
  return cell(codes, ev, single === 0 ? 0.8 : 0.55 - 0.2 * (single / codes.length));
}

/**
 * Sections and sentences that name data types without collecting them: the user's rights ("在系统中关闭地理位置、
 * 通讯录、摄像头等权限"), policy updates ("如果更新的内容需要采集通讯录…会再次征求您的同意").
 */
const NOT_COLLECTING_HEADING = /权利|如何更新|政策的?更新|政策的?变更|政策的?修订|更新与修订|变更与修订|修订与更新/;
const NOT_COLLECTING_TEXT = /更新的内容需要|仍会再次|将再次.{0,12}征求|会再次.{0,12}征求/;
function notCollecting(p: Prepared): boolean {
  return NOT_COLLECTING_HEADING.test(p.headings) || NOT_COLLECTING_TEXT.test(p.m);
}

/** "我们不采集和保存您的以下信息：宗教信仰、指纹…", "不会提供用于识别您身份的信息，如姓名…": the list is negated, up to the sentence end. */
const NEGATED_LIST = /(不会|不|无需|并不|从不|绝不|不再)(主动)?(收集|采集|获取|保存|索取|读取|要求您提供|提供|共享)[^。；;：:]{0,30}([：:]|[，,](如|例如|比如|包括))/;
function negatedListStart(m: string): number {
  if (!m.includes('不') && !m.includes('无需')) return -1;
  const r = NEGATED_LIST.exec(m);
  return r ? r.index + r[0].length : -1;
}
function inNegatedList(m: string, index: number, from: number): boolean {
  if (from < 0 || index < from) return false;
  const stop = m.slice(from, index).search(/[。;；]/);
  return stop < 0;
}

/** True when the hit at `index` lies inside one of the excluded phrases. */
function excluded(m: string, index: number, phrases: string[]): boolean {
  for (const ph of phrases) {
    let at = m.indexOf(ph, Math.max(0, index - ph.length));
    while (at >= 0 && at <= index) {
      if (at + ph.length > index) return true;
      at = m.indexOf(ph, at + 1);
    }
  }
  return false;
}

function sensitiveNotice(ps: Prepared[], text: string): Cell {
  const ev: Evidence[] = [];
  for (const p of ps) {
    if (hasAny(p, A.sensitiveNot)) continue;
    // A definition of sensitive PI ("个人敏感信息：指…") or a bare label marks no collected item.
    if (hasAny(p, DEFINITION) || p.m.replace(/[*_#:：\s]/g, '').length <= 8) continue;
    const h = cuesIn(p, A.sensitive).find((x) => !x.negated);
    if (h) ev.push(evidence(p, text, h.index, h.end));
  }
  return cell('yes', ev.slice(0, 5), support(ev.length, 0.65));
}

// ---------------------------------------------------------------- sharing

function thirdParties(ps: Prepared[], text: string): Cell {
  const shares: Evidence[] = [];
  const none: Evidence[] = [];
  for (const p of ps) {
    if (!p.cats.has('sharing') && !/sdk/.test(p.m)) continue;
    const tp = cuesIn(p, A.thirdParty);
    if (tp.length === 0) continue;
    const verbs = cuesIn(p, A.shareVerbs);
    if (verbs.length === 0) continue;
    const positive = verbs.filter((v) => !v.negated);
    const legal = hasAny(p, A.legal);
    const consent = hasAny(p, A.consent);
    const anonymized = hasAny(p, A.notShared);
    if (positive.length && !legal && !consent && !anonymized) shares.push(evidence(p, text, positive[0]!.index, positive[0]!.end));
    else if (verbs.some((v) => v.negated)) none.push(evidence(p, text, verbs[0]!.index, verbs[0]!.end));
  }
  if (shares.length) return cell('shares', shares.slice(0, 5), support(shares.length, 0.65));
  return cell('no_sharing', none.slice(0, 3), support(none.length, 0.55));
}

function namedRecipients(ps: Prepared[], text: string): Cell {
  const names = new Map<string, Evidence[]>();
  for (const p of ps) {
    const taken: [number, number][] = [];
    const scan = scanOf(p);
    if (!presentIn(scan, recipientList)) continue;
    for (const { name, alias } of RECIPIENTS) {
      const form = CUES.formIdOf(alias);
      if (form !== undefined && !scan.forms.has(form)) continue;
      let i = p.m.indexOf(alias);
      while (i >= 0) {
        const e = i + alias.length;
        const overlaps = taken.some(([a, b]) => i < b && e > a);
        const notAfter = NOT_AFTER.get(name);
        const notBefore = NOT_BEFORE.get(name);
        const glued = (notAfter !== undefined && i > 0 && notAfter.includes(p.m[i - 1]!)) || (notBefore !== undefined && e < p.m.length && notBefore.includes(p.m[e]!));
        if (!overlaps && !glued && (standsAlone(p.m, i, alias) || asciiWordInSource(text, p, i, e)) && !insideAddress(p.m, i, e)) {
          taken.push([i, e]);
          const list = names.get(name) ?? [];
          if (list.length < 2) list.push(evidence(p, text, i, e));
          names.set(name, list);
        }
        i = p.m.indexOf(alias, i + 1);
      }
    }
  }
  if (names.size === 0) return notStated();
  for (const [name, ev] of [...names]) {
    const covered = [...names].some(([other, oev]) => other !== name && other.includes(name) && ev.every((e) => oev.some((o) => o.clauseId === e.clauseId)));
    if (covered) names.delete(name);
  }
  const sorted = [...names.keys()].sort((a, b) => a.localeCompare(b, 'zh'));
  // Names from SDK tables and login lists are many and easy to miss or mis-normalize: the set is sure only when
  // every name was found twice (in two places) and there are few of them.
  const single = sorted.filter((n) => names.get(n)!.length === 1).length;
  return cell(sorted, sorted.flatMap((n) => names.get(n)!), single === 0 && sorted.length <= 6 ? 0.75 : 0.5);
}

/**
 * The matching view drops whitespace, which glues Latin words ("HealthKit API" → healthkitapi): a Latin name stands
 * alone when the source text has a space or other non-letter, or a lower→Upper case change (htmlFireBase), at both ends.
 */
function asciiWordInSource(text: string, p: Prepared, i: number, e: number): boolean {
  const a = p.map[i];
  const z = p.map[e - 1];
  if (a === undefined || z === undefined) return false;
  const b = z + 1;
  const alnum = /[A-Za-z0-9]/;
  const before = a > 0 ? text[a - 1]! : ' ';
  const after = b < text.length ? text[b]! : ' ';
  const okBefore = !alnum.test(before) || (/[a-z0-9]/.test(before) && /[A-Z]/.test(text[a]!));
  const okAfter = !alnum.test(after) || (/[a-z]/.test(text[z]!) && /[A-Z]/.test(after));
  // "Google Advertising ID", "Apple ID": an identifier named after the vendor, not the vendor.
  if (/^\s+(advertising|ad\b|ads\b|id\b|idfa|play\b)/i.test(text.slice(b, b + 14))) return false;
  return okBefore && okAfter;
}

/** True when [i, e) sits inside an e-mail address, URL or domain name (qq in 123@qq.com). */
function insideAddress(m: string, i: number, e: number): boolean {
  let a = i;
  while (a > 0 && /[a-z0-9._@/:?=&%#~+-]/.test(m[a - 1]!)) a--;
  let b = e;
  while (b < m.length && /[a-z0-9._@/:?=&%#~+-]/.test(m[b]!)) b++;
  const run = m.slice(a, b);
  return /@|https?:|www\.|\.(com|cn|net|org|io|html?)\b|\.[a-z]/.test(run);
}

function yesCell(ev: Evidence[], base = 0.7): Cell {
  return cell('yes', ev.slice(0, 4), support(ev.length, base));
}

function affiliates(ps: Prepared[], text: string): Cell {
  const ev: Evidence[] = [];
  for (const p of ps) {
    const aff = cuesIn(p, A.affCues);
    if (aff.length === 0) continue;
    // "不会向…关联公司以外的公司共享": the negation is about everyone else; affiliates do receive PI.
    const outside = (a: CueHit) => /^以外/.test(p.m.slice(a.end, a.end + 2));
    const near = aff.some((a) => (!a.negated || outside(a)) && !/[(（]含$/.test(p.m.slice(Math.max(0, a.index - 2), a.index)) &&
      cuesIn(p, A.affVerbs).some((v) => !v.negated && v.index - a.end <= 20 && a.index - v.end <= 15));
    if (!near) continue;
    // The affiliate must be a recipient, not the operator's own description ("我图网及…关联公司（以下统称…）").
    if (/以下(统称|简称)/.test(p.m)) continue;
    // The affiliate as a source of PI ("整合…我们的关联方、合作伙伴取得您授权或者依法共享的信息", "从关联公司处接收"), not a recipient.
    if (/从[^。；，,]{0,12}(关联公司|关联方)|(关联公司|关联方)[^。；]{0,12}(取得您授权|获取的|向我们提供|提供给我们)/.test(p.m) && !/(共享|提供)给[^。；]{0,6}(关联公司|关联方)|向[^。；]{0,6}(关联公司|关联方)(共享|提供)/.test(p.m)) continue;
    if (aff.every((h) => h.negated && !outside(h))) continue;
    ev.push(evidence(p, text, aff[0]!.index, aff[0]!.end));
  }
  return yesCell(ev, 0.7);
}

function transferOnMerger(ps: Prepared[], text: string): Cell {
  const ev: Evidence[] = [];
  for (const p of ps) {
    const h = cuesIn(p, A.merger)[0];
    if (!h || !hasAny(p, A.mergerObj)) continue;
    ev.push(evidence(p, text, h.index, h.end));
  }
  return yesCell(ev, 0.75);
}

function publicDisclosure(ps: Prepared[], text: string): Cell {
  const yes: Evidence[] = [];
  const no: Evidence[] = [];
  for (const p of ps) {
    const hits = cuesIn(p, A.disclosure).filter((h) => !(hasAny(p, A.disclosureExcl) && excluded(p.m, h.index, A.disclosureExcl)));
    if (hits.length === 0) continue;
    const h = hits[0]!;
    // "未事先征得您同意的前提下，我们不会…公开披露" says when PI may be disclosed: with consent.
    if (hits.every((x) => x.negated) && !hasAny(p, A.exception) && !hasAny(p, A.consent) && !/未(事先)?(征得|经)/.test(p.m)) no.push(evidence(p, text, h.index, h.end));
    else yes.push(evidence(p, text, h.index, h.end));
  }
  if (yes.length) return yesCell(yes, 0.7);
  return cell('no', no.slice(0, 3), support(no.length, 0.6));
}

function crossBorder(ps: Prepared[], text: string): Cell {
  const abroad: Evidence[] = [];
  const conditional: Evidence[] = [];
  const domestic: Evidence[] = [];
  const noneNow: Evidence[] = [];
  for (const p of ps) {
    if (p.c.kind === 'heading' || /标题|如何在全球/.test(p.m)) continue;
    for (const h of cuesIn(p, A.abroad)) {
      // "目前我们不会将上述信息传输至境外" / "目前暂时不存在跨境…的场景": no transfer abroad today.
      if (h.negated && includesAny(p.m.slice(lastBoundary(p.m, h.index), h.index), A.currentlyNone)) {
        noneNow.push(evidence(p, text, h.index, h.end));
        continue;
      }
      if (h.negated || (hasAny(p, A.abroadExcl) && excluded(p.m, h.index, A.abroadExcl))) continue;
      if (!hasAny(p, A.abroadContext)) continue;
      // A conditional transfer ("如需跨境传输，我们将征得您的同意") still says PI may go abroad (LABELLING.md),
      // but it is weaker evidence than a plain statement.
      const sentenceStart = lastBoundary(p.m, h.index);
      if (includesAny(p.m.slice(sentenceStart, h.index), A.conditional)) conditional.push(evidence(p, text, h.index, h.end));
      else abroad.push(evidence(p, text, h.index, h.end));
      break;
    }
    const d = cuesIn(p, A.domestic).find((h) => !h.negated);
    if (d && hasAny(p, A.storeVerbs)) domestic.push(evidence(p, text, d.index, d.end));
  }
  if (abroad.length) return cell('may_transfer_abroad', [...abroad, ...conditional].slice(0, 4), support(abroad.length, domestic.length ? 0.65 : 0.75));
  // Stored in the PRC, no transfer abroad today, and only a hypothetical future one that would need separate
  // notice and consent: domestic_only (issue 2 fixes seed 004 so; resources/eval/LABELLING.md).
  if (conditional.length && !(domestic.length && noneNow.length)) return cell('may_transfer_abroad', conditional.slice(0, 4), support(conditional.length, 0.65));
  if (conditional.length) return cell('domestic_only', [...domestic, ...noneNow].slice(0, 4), support(domestic.length, 0.6));
  return cell('domestic_only', domestic.slice(0, 4), support(domestic.length, 0.65));
}

function lastBoundary(m: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) if (/[。；;！!？?]/.test(m[i]!)) return i + 1;
  return 0;
}

// ---------------------------------------------------------------- retention

function retentionPeriod(ps: Prepared[], text: string): Cell {
  const fixed: { d: Duration; ev: Evidence }[] = [];
  const minimum: Evidence[] = [];
  const law: Evidence[] = [];
  for (const p of ps) {
    if (!hasAny(p, A.keep)) continue;
    if (!p.cats.has('retention') && !/期限|期间/.test(p.m)) continue;
    // A fixed period counts only for personal information in general, not for one kind of record. A cap
    // ("最短期限保留…最长不超过5年", "不少于六个月，最长不超过20年") is the general rule's duration (LABELLING.md).
    if (hasAny(p, A.general) && !hasAny(p, A.specificExcl) && !p.cats.has('account_deletion')) {
      const ds = findDurations(p.m).filter((d) => /保存|保留|存储|留存|储存/.test(p.m.slice(Math.max(0, d.index - 24), d.end + 6)));
      const capped = ds.find((d) => includesAny(p.m.slice(Math.max(0, d.index - 6), d.index), A.cap));
      const floor = (d: { index: number }) => /不少于|不低于|至少$/.test(p.m.slice(Math.max(0, d.index - 4), d.index));
      const d = capped ?? ds.find((x) => !floor(x));
      const mnFirst = cuesIn(p, A.minNec).some((h) => !h.negated);
      if (d && (capped || !mnFirst)) {
        fixed.push({ d: { number: d.number, unit: d.unit, text: sourceText(p, text, d.index, d.end) }, ev: evidence(p, text, d.index, d.end) });
        continue;
      }
    }
    const mn = cuesIn(p, A.minNec).find((h) => !h.negated && !includesAny(p.m.slice(Math.max(0, h.index - 12), h.index), A.law));
    if (mn) {
      minimum.push(evidence(p, text, mn.index, mn.end));
      continue;
    }
    const lo = cuesIn(p, A.lawOnly)[0];
    if (lo) law.push(evidence(p, text, lo.index, lo.end));
  }
  if (fixed.length) return cell(fixed[0]!.d, fixed.map((f) => f.ev).slice(0, 3), fixed.length > 1 ? 0.7 : 0.6);
  if (minimum.length) return cell('minimum_necessary', minimum.slice(0, 3), support(minimum.length, 0.7));
  return cell('per_law', law.slice(0, 3), support(law.length, 0.55));
}

/** The original text of m[index, end) (keeps the policy's own spelling, e.g. full-width digits). */
function sourceText(p: Prepared, text: string, index: number, end: number): string {
  return text.slice(p.map[index]!, p.map[end - 1]! + 1);
}

function afterServiceEnd(ps: Prepared[], text: string): Cell {
  // Children's rules may add deletion for children's data; the general rule wins when there is one.
  const del: Evidence[][] = [[], []];
  const notify: Evidence[][] = [[], []];
  for (const p of ps) {
    const h = cuesIn(p, A.endCues)[0];
    if (!h) continue;
    // The operator stopping service to one user (fees unpaid, violations) is not the product ending.
    if (hasAny(p, A.endNotOperator)) continue;
    const child = /儿童|孩子|未成年/.test(p.m) ? 1 : 0;
    const after = p.m.slice(h.index);
    if (findCues(after, A.endDelete).some((x) => !x.negated)) del[child]!.push(evidence(p, text, h.index, h.end));
    else if (includesAny(after, A.endNotify) || hasAny(p, A.endNotify)) notify[child]!.push(evidence(p, text, h.index, h.end));
  }
  const k = del[0]!.length || notify[0]!.length ? 0 : 1;
  if (del[k]!.length) return cell('delete_or_anonymize', del[k]!.slice(0, 3), support(del[k]!.length, 0.75));
  return cell('notify_only', notify[k]!.slice(0, 3), support(notify[k]!.length, 0.55));
}

// ---------------------------------------------------------------- minors

const AGE_RE = /(不满|未满|低于|未达到|已满|满)?([0-9]{1,2}|[一二两三四五六七八九十]{1,3})(周岁|岁)(以下|以上)?/g;
const CN_AGE: Record<string, number> = { 十二: 12, 十三: 13, 十四: 14, 十六: 16, 十八: 18 };

function ageThresholds(ps: Prepared[], text: string): Cell {
  const ages = new Map<number, Evidence[]>();
  let prev = '';
  for (const p of ps) {
    const before = prev;
    prev = p.m;
    if (!hasAny(p, A.ageContext)) continue;
    // An age inside a definition of sensitive PI ("…14岁以下儿童的个人信息等") is not a rule of this policy.
    if (/敏感(个人)?信息(包括|是指|指)/.test(p.m)) continue;
    // A line break inside "14\n周岁以下" can leave the number at the end of the clause before.
    const cut = /^周?岁/.test(p.m) ? /(\d{1,2})$/.exec(before) : null;
    if (cut && A.allowedAges.has(Number(cut[1]))) {
      const n = Number(cut[1]);
      const list = ages.get(n) ?? [];
      if (list.length < 2) list.push(evidence(p, text, 0, Math.min(p.m.length, 4)));
      ages.set(n, list);
    }
    // "已满14不满18周岁": the first age has no unit of its own.
    for (const m of p.m.matchAll(/已满(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:周岁|岁)?(?:不满|未满)/g)) {
      const raw = m[1]!;
      const n = /^\d+$/.test(raw) ? Number(raw) : CN_AGE[raw];
      if (n === undefined || !A.allowedAges.has(n)) continue;
      const list = ages.get(n) ?? [];
      if (list.length < 2) list.push(evidence(p, text, m.index!, m.index! + m[0].length));
      ages.set(n, list);
    }
    for (const m of p.m.matchAll(AGE_RE)) {
      const raw = m[2]!;
      const n = /^\d+$/.test(raw) ? Number(raw) : CN_AGE[raw];
      if (n === undefined || !A.allowedAges.has(n)) continue;
      // "已满十四周岁未满十八周岁" names both thresholds; "18岁以上" (adults) still marks the 18 threshold.
      const list = ages.get(n) ?? [];
      if (list.length < 2) list.push(evidence(p, text, m.index!, m.index! + m[0].length));
      ages.set(n, list);
    }
  }
  if (ages.size === 0) return notStated();
  const sorted = [...ages.keys()].sort((a, b) => a - b);
  return cell(sorted, sorted.flatMap((a) => ages.get(a)!), sorted.every((a) => ages.get(a)!.length > 1) ? 0.9 : 0.8);
}

function guardianConsent(ps: Prepared[], text: string): Cell {
  const ev: Evidence[] = [];
  for (const p of ps) {
    if (!p.cats.has('minors') && !/儿童|未成年/.test(p.m)) continue;
    const g = cuesIn(p, A.guardian)[0];
    if (!g) continue;
    const c = cuesIn(p, A.guardianConsent)[0];
    if (!c) continue;
    ev.push(evidence(p, text, g.index, g.end));
  }
  return cell('required', ev.slice(0, 3), support(ev.length, 0.7));
}

function childRules(ps: Prepared[], text: string): Cell {
  const ev: Evidence[] = [];
  for (const p of ps) {
    const h = cuesIn(p, A.childRules)[0];
    if (h) {
      ev.push(evidence(p, text, h.index, h.end));
      continue;
    }
    // A document named in book-title marks: 《…儿童…规则/政策/指引》.
    const t = /《[^》]*儿童[^》]*(规则|政策|指引|声明|须知)[^》]*》/.exec(p.m);
    if (t) ev.push(evidence(p, text, t.index, t.index + t[0].length));
  }
  return yesCell(ev, 0.75);
}

// ---------------------------------------------------------------- account deletion

const deletionMemo = new WeakMap<Prepared[], { p: Prepared; direct: boolean }[]>();

/** Four attributes read the same deletion clauses: found once per document. */
function deletionClauses(ps: Prepared[], text: string): { p: Prepared; direct: boolean }[] {
  let memo = deletionMemo.get(ps);
  if (!memo) deletionMemo.set(ps, (memo = findDeletionClauses(ps, text)));
  return memo;
}

function findDeletionClauses(ps: Prepared[], text: string): { p: Prepared; direct: boolean }[] {
  const out: { p: Prepared; direct: boolean }[] = [];
  let follows = 0;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const direct = cuesIn(p, A.del).length > 0;
    const inSection = /注销|销户|删除账/.test(p.heading);
    // The sentences after a closure sentence in the same paragraph ("您随时可注销…。您可以发送电子邮件至…。")
    // describe the same closure.
    const prev = ps[i - 1];
    const sameParagraph = prev !== undefined && p.c.kind === 'sentence' && !text.slice(prev.c.end, p.c.start).includes('\n');
    if (!sameParagraph) follows = 0;
    if (direct || inSection || follows > 0) out.push({ p, direct });
    follows = direct ? 2 : Math.max(0, follows - 1);
  }
  return out;
}

function deletionAvailable(dcs: { p: Prepared; direct: boolean }[], text: string): Cell {
  const yes: Evidence[] = [];
  const no: Evidence[] = [];
  for (const { p, direct } of dcs) {
    if (!direct) continue;
    const h = cuesIn(p, A.del)[0]!;
    const unavailable = cuesIn(p, A.delUnavailable)[0];
    if (unavailable && !/若|如果|如|直到|除非/.test(p.m.slice(0, unavailable.index))) {
      no.push(evidence(p, text, unavailable.index, unavailable.end));
      continue;
    }
    if (h.negated) continue;
    if (hasAny(p, A.delPositive)) yes.push(evidence(p, text, h.index, h.end));
  }
  if (yes.length) return yesCell(yes, 0.75);
  return cell('no', no.slice(0, 2), 0.6);
}

function deletionMethod(dcs: { p: Prepared; direct: boolean }[], text: string): Cell {
  const self: Evidence[] = [];
  const contact: Evidence[] = [];
  for (const { p, direct } of dcs) {
    // Clauses of a closure section ("五、注销账户") describe the method even without the word 注销.
    if (!direct && p.c.kind === 'heading') continue;
    const c = cuesIn(p, A.support).find((h) => !h.negated && !/自助$/.test(p.m.slice(Math.max(0, h.index - 2), h.index)));
    if (c) contact.push(evidence(p, text, c.index, c.end));
    // "自行操作" is self-service unless the clause goes on to name customer service or e-mail as the way.
    const s =
      cuesIn(p, A.selfService).find((h) => !h.negated && !/设置(不合理|障碍)/.test(p.m.slice(h.index, h.index + 8))) ??
      (c ? undefined : cuesIn(p, A.selfServiceWeak).find((h) => !h.negated));
    if (s) self.push(evidence(p, text, s.index, s.end));
  }
  if (self.length && contact.length) return cell('both', [...self, ...contact].slice(0, 4), 0.65);
  if (self.length) return cell('self_service', self.slice(0, 3), support(self.length, 0.7));
  return cell('contact_support', contact.slice(0, 3), support(contact.length, 0.65));
}

/**
 * "我们将在十五天内做出答复" under "响应您的上述请求" covers account closure when a closure item comes before it
 * in the same top-level section (LABELLING.md, account_deletion.timeframe).
 */
function responseTimeframe(ps: Prepared[], dcs: { p: Prepared; direct: boolean }[], text: string): Cell | null {
  const topOf = topSectionOf(ps);
  const closureSections = new Set(dcs.filter((d) => d.direct).map((d) => topOf(d.p)));
  let inResponse = false;
  let responseTop = '';
  const firstClosure = dcs.find((d) => d.direct)?.p.c.start ?? Infinity;
  for (const p of ps) {
    const top = topOf(p);
    const here = hasAny(p, A.responseRequest) || includesAny(p.heading, A.responseRequest);
    if (here) {
      inResponse = true;
      responseTop = top;
    } else if (inResponse && top !== responseTop) inResponse = false;
    if (!inResponse || p.c.start < firstClosure || !closureSections.has(top)) continue;
    for (const d of findDurations(p.m)) {
      if (!/^(之)?内/.test(p.m.slice(d.end, d.end + 2))) continue;
      if (!includesAny(p.m.slice(d.end, d.end + 16), A.tfVerbs)) continue;
      return cell({ number: d.number, unit: d.unit, text: sourceText(p, text, d.index, d.end) }, [evidence(p, text, d.index, d.end)], 0.65);
    }
  }
  return null;
}

/**
 * A clause's top-level section. When one heading holds (nearly) the whole document — its title ("# 隐私政策") —
 * the sections under it are the top level.
 */
function topSectionOf(ps: Prepared[]): (p: Prepared) => string {
  const counts = new Map<string, number>();
  for (const p of ps) {
    const s0 = p.c.section[0];
    if (s0 !== undefined) counts.set(s0, (counts.get(s0) ?? 0) + 1);
  }
  const title = [...counts.entries()].find(([, n]) => n >= 0.8 * ps.length)?.[0];
  return (p) => (title !== undefined && p.c.section[0] === title ? (p.c.section[1] ?? '') : (p.c.section[0] ?? ''));
}

function deletionTimeframe(dcs: { p: Prepared; direct: boolean }[], text: string): Cell {
  type Cand = { value: Duration | 'immediate'; ev: Evidence; score: number };
  const cands: Cand[] = [];
  for (const { p, direct } of dcs) {
    for (const d of findDurations(p.m)) {
      let score = direct ? 2 : 0;
      const after = p.m.slice(d.end, d.end + 4);
      if (/^(之)?内/.test(after)) score += 1;
      if (includesAny(p.m.slice(d.end, d.end + 20), A.tfVerbs)) score += 1;
      if (/不登录|未登录|提前|之前/.test(p.m.slice(Math.max(0, d.index - 6), d.end + 6))) score -= 3;
      // "保存至注销之日后的三个月" is how long data is kept after closure, not the closure's timeframe.
      if (/后的?$/.test(p.m.slice(Math.max(0, d.index - 3), d.index))) score -= 3;
      if (score < 1) continue;
      cands.push({ value: { number: d.number, unit: d.unit, text: sourceText(p, text, d.index, d.end) }, ev: evidence(p, text, d.index, d.end), score });
    }
    if (!direct) continue;
    const closureAt = cuesIn(p, A.del)[0]?.index ?? 0;
    for (const im of findImmediate(p.m)) {
      // "超出期限的…立即删除，但您注销账户的…除外": the word must follow the closure it times.
      if (im.index < closureAt) continue;
      if (!includesAny(p.m.slice(im.index, im.end + 12), A.tfVerbs)) continue;
      cands.push({ value: 'immediate', ev: evidence(p, text, im.index, im.end), score: 3 });
    }
  }
  if (cands.length === 0) return notStated();
  cands.sort((a, b) => b.score - a.score || a.ev.start - b.ev.start);
  const best = cands[0]!;
  const same = cands.filter((c) => sameValue(c.value, best.value));
  const conflicting = cands.some((c) => c.score === best.score && !sameValue(c.value, best.value));
  const confidence = (best.score >= 4 ? 0.85 : best.score >= 3 ? 0.75 : 0.55) - (conflicting ? 0.2 : 0) + (same.length > 1 ? 0.05 : 0);
  return cell(best.value, same.map((c) => c.ev).slice(0, 3), confidence);
}

function sameValue(a: Duration | 'immediate', b: Duration | 'immediate'): boolean {
  if (a === 'immediate' || b === 'immediate') return a === b;
  return a.number === b.number && a.unit === b.unit;
}

function deletionDataAfter(dcs: { p: Prepared; direct: boolean }[], text: string): Cell {
  const del: Evidence[] = [];
  const retain: Evidence[] = [];
  for (const { p, direct } of dcs) {
    if (!direct) continue;
    const closure = cuesIn(p, A.del)[0]!;
    const d = cuesIn(p, A.delDelete).find((h) => !h.negated && h.index > closure.index && !isInRequestList(p.m));
    if (d) del.push(evidence(p, text, d.index, d.end));
    const r = cuesIn(p, A.delRetain).find((h) => !h.negated && h.index > closure.index);
    if (r && !d && !hasAny(p, A.delRetainOk)) retain.push(evidence(p, text, r.index, r.end));
    // "保存至您账号注销之日后的三个月": kept for a period after closure.
    const kept = /(保存|保留|留存|存储)至[^。；]{0,12}(注销|销户)[^。；]{0,4}(之日)?(后|之后)的?/.exec(p.m);
    if (kept && findDurations(p.m.slice(kept.index + kept[0].length, kept.index + kept[0].length + 8)).length) {
      retain.push(evidence(p, text, kept.index, kept.index + kept[0].length));
    }
  }
  if (retain.length && !del.length) return cell('retain_some', retain.slice(0, 3), support(retain.length, 0.6));
  if (retain.length) return cell('retain_some', [...retain, ...del].slice(0, 4), 0.5);
  return cell('delete_or_anonymize', del.slice(0, 3), support(del.length, 0.7));
}

/** "如果您注销了账号" inside the list of grounds for a deletion request says nothing about what closure does. */
function isInRequestList(m: string): boolean {
  return m.length < 30 && /^(\d+|[(（]?\d+[)）])?[、.]?(如果|若)?您?(主动)?注销/.test(m) && !/删除|匿名/.test(m);
}

// ---------------------------------------------------------------- entry

type Extractor = (ps: Prepared[], text: string) => Cell;

const EXTRACTORS: Record<string, Extractor> = {
  'collection.data_types': dataTypes,
  'collection.sensitive_notice': sensitiveNotice,
  'sharing.third_parties': thirdParties,
  'sharing.named_recipients': namedRecipients,
  'sharing.affiliates': affiliates,
  'sharing.transfer_on_merger': transferOnMerger,
  'sharing.public_disclosure': publicDisclosure,
  'sharing.cross_border': crossBorder,
  'retention.period': retentionPeriod,
  'retention.after_service_end': afterServiceEnd,
  'minors.age_thresholds': ageThresholds,
  'minors.guardian_consent': guardianConsent,
  'minors.child_rules': childRules,
  'account_deletion.available': (ps, t) => deletionAvailable(deletionClauses(ps, t), t),
  'account_deletion.method': (ps, t) => deletionMethod(deletionClauses(ps, t), t),
  'account_deletion.timeframe': (ps, t) => {
    const dcs = deletionClauses(ps, t);
    const direct = deletionTimeframe(dcs, t);
    return direct.value === NOT_STATED ? (responseTimeframe(ps, dcs, t) ?? direct) : direct;
  },
  'account_deletion.data_after': (ps, t) => deletionDataAfter(deletionClauses(ps, t), t),
};

/** One cell per attribute of the taxonomy. `text` is the analysis text that clause offsets point into. */
export function extractAttributes(clauses: Clause[], text: string): Record<string, Cell> {
  const ps = clauses.map(prepare);
  const out: Record<string, Cell> = {};
  for (const attr of ATTRIBUTES) {
    const fn = EXTRACTORS[attr.id];
    out[attr.id] = fn ? fn(ps, text) : notStated();
  }
  return out;
}

export { isNegated, partStart };
