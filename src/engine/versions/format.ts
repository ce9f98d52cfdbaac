// Cell values rendered for people, in zh and en (the same rules as src/cli/format.ts, which the engine may
// not import).
import { DURATION_UNIT_LABELS, getAttribute, type Label } from '../../shared/taxonomy';
import { isDuration, type AttributeValue, type Bilingual } from '../../shared/types';

type Lang = 'zh' | 'en';

export function formatValue(attributeId: string, value: AttributeValue, lang: Lang): string {
  const def = getAttribute(attributeId);
  if (isDuration(value)) {
    const unit = DURATION_UNIT_LABELS[value.unit]?.[lang] ?? value.unit;
    return `${value.number} ${unit}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return lang === 'zh' ? '（无）' : '(none)';
    return value.map((v) => formatItem(attributeId, v, lang)).join(lang === 'zh' ? '、' : ', ');
  }
  return def?.valueLabels[value]?.[lang] ?? value;
}

export function formatItem(attributeId: string, item: string | number, lang: Lang): string {
  const def = getAttribute(attributeId);
  if (typeof item === 'number') return def?.kind === 'ages' ? (lang === 'zh' ? `${item} 周岁` : `${item}`) : String(item);
  return def?.valueLabels[item]?.[lang] ?? item;
}

/** The noun for one member of a set-valued attribute: "新增接收方：友盟" / "new recipient: 友盟". */
const ITEM_NOUNS: Record<string, Label> = {
  'collection.data_types': { zh: '收集的信息类型', en: 'data type collected' },
  'sharing.named_recipients': { zh: '接收方', en: 'recipient' },
  'minors.age_thresholds': { zh: '年龄门槛', en: 'age threshold' },
};

export function valueChangeText(attributeId: string, before: AttributeValue, after: AttributeValue): Bilingual {
  const label = getAttribute(attributeId)?.label ?? { zh: attributeId, en: attributeId };
  return {
    zh: `${label.zh}：${formatValue(attributeId, before, 'zh')} → ${formatValue(attributeId, after, 'zh')}`,
    en: `${label.en}: ${formatValue(attributeId, before, 'en')} → ${formatValue(attributeId, after, 'en')}`,
  };
}

export function itemChangeText(attributeId: string, item: string | number, added: boolean): Bilingual {
  const noun = ITEM_NOUNS[attributeId] ?? getAttribute(attributeId)?.label ?? { zh: attributeId, en: attributeId };
  const en = noun.en.charAt(0).toLowerCase() + noun.en.slice(1);
  return {
    zh: `${added ? '新增' : '删除'}${noun.zh}：${formatItem(attributeId, item, 'zh')}`,
    en: `${added ? 'new' : 'removed'} ${en}: ${formatItem(attributeId, item, 'en')}`,
  };
}
