import { describe, expect, it } from 'vitest';
import type { Clause } from '../../shared/types';
import { classify } from '../classify/index';
import { toMatch } from '../classify/text';
import { extractAttributes } from './index';

/** A crude sentence split for unit tests: one clause per 。/；/newline-terminated piece. */
function analyzeText(text: string, section: string[] = []): { clauses: Clause[]; text: string } {
  const segs = [];
  const re = /[^。；\n]+[。；]?/g;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text))) {
    if (!m[0].trim()) continue;
    segs.push({ id: `c${i++}`, section, start: m.index, end: m.index + m[0].length, text: m[0], kind: 'sentence' as const, matchText: toMatch(m[0]) });
  }
  return { clauses: classify(segs), text };
}

function value(text: string, attr: string, section?: string[]) {
  const { clauses } = analyzeText(text, section);
  return extractAttributes(clauses, text)[attr]!;
}

describe('collection.data_types', () => {
  it('a negated statement is about collection but does not add the type', () => {
    const text = '我们不会收集您的通讯录。我们会收集您的手机号码用于注册。';
    const { clauses } = analyzeText(text);
    expect(clauses[0]!.categories.map((c) => c.id)).toContain('collection');
    const cell = extractAttributes(clauses, text)['collection.data_types']!;
    expect(cell.value).toEqual(['phone_number']);
    expect(cell.evidence[0]!.quote).toBe(text.slice(cell.evidence[0]!.start, cell.evidence[0]!.end));
  });

  it('definitions do not count', () => {
    const text = '个人敏感信息是指一旦泄露可能危害人身安全的信息，包括身份证、通讯录、健康信息。个人信息包括姓名、住址。我们会收集您的设备标识符（IMEI）。';
    expect(value(text, 'collection.data_types').value).toEqual(['device_identifiers']);
  });

  it('nothing collected → not_stated without evidence', () => {
    const cell = value('本政策适用于本应用。', 'collection.data_types');
    expect(cell.value).toBe('not_stated');
    expect(cell.evidence).toEqual([]);
  });
});

describe('sharing', () => {
  it('no_sharing when it only shares under the legal exceptions', () => {
    expect(value('未经您同意，我们不会与任何第三方共享您的个人信息，但以下情况除外。', 'sharing.third_parties').value).toBe('no_sharing');
  });
  it('shares with partners', () => {
    expect(value('我们可能会与合作伙伴共享您的设备信息。', 'sharing.third_parties').value).toBe('shares');
  });
  it('names recipients once each, not inside e-mail addresses', () => {
    const cell = value('我们接入了友盟SDK和umeng统计、JPush推送、腾讯Bugly。请联系123@qq.com。', 'sharing.named_recipients');
    expect(cell.value).toEqual(['极光', '友盟', 'Bugly']);
  });
  it('domestic unless a clause says it may go abroad, even conditionally (LABELLING.md)', () => {
    // "如需跨境传输，我们会…" says PI may go abroad under a condition: TAXONOMY.md's "may be transferred", as
    // resources/eval/LABELLING.md decides (this expectation was domestic_only before).
    expect(value('您的个人信息存储于中华人民共和国境内。如果确有必要进行数据的跨境传输，我们会单独告知您。', 'sharing.cross_border').value).toBe('may_transfer_abroad');
    // No transfer abroad today, a future one only with separate consent: domestic_only (issue 2, seed 004).
    expect(value('您的个人信息存储于中华人民共和国境内。目前，我们不会将上述信息传输至境外，如果我们向境外传输，我们将征求您的同意。', 'sharing.cross_border').value).toBe('domestic_only');
    expect(value('目前，我们不会将上述信息传输至境外，如果我们向境外传输，我们将征求您的同意。', 'sharing.cross_border').value).toBe('may_transfer_abroad');
    expect(value('您的个人信息存储于中华人民共和国境内。', 'sharing.cross_border').value).toBe('domestic_only');
    expect(value('您的个人信息存储于中华人民共和国境内。这些信息可能传输至境外并在境外存储。', 'sharing.cross_border').value).toBe('may_transfer_abroad');
    expect(value('我们不会将您的个人信息传输至境外。', 'sharing.cross_border').value).toBe('not_stated');
  });
});

describe('retention and minors', () => {
  it('minimum necessary, per law, not stated', () => {
    expect(value('我们仅在实现目的所必需的最短期间内保留您的个人信息。', 'retention.period').value).toBe('minimum_necessary');
    expect(value('我们将按照法律法规规定的期限保存您的个人信息。', 'retention.period').value).toBe('per_law');
    expect(value('我们重视您的隐私。', 'retention.period').value).toBe('not_stated');
  });
  it('ages from numerals and digits, sorted and unique', () => {
    expect(value('不满十四周岁的儿童须由监护人同意。未满18周岁的未成年人应在监护人陪同下阅读。14岁以下儿童另有规则。', 'minors.age_thresholds').value).toEqual([14, 18]);
  });
});

describe('account deletion', () => {
  it('customer service by e-mail, 15 working days', () => {
    const text = '您可以联系客服或发送邮件至a@b.com申请注销账号，我们将在十五个工作日内完成注销。';
    expect(value(text, 'account_deletion.method').value).toBe('contact_support');
    expect(value(text, 'account_deletion.timeframe').value).toMatchObject({ number: 15, unit: 'working_days', text: '十五个工作日' });
  });
  it('both paths', () => {
    const text = '您可以在“设置-账号与安全-注销账号”中申请注销，也可以联系客服注销账号。';
    expect(value(text, 'account_deletion.method').value).toBe('both');
  });
  it('no only when a clause says so', () => {
    expect(value('本应用暂不支持注销账号。', 'account_deletion.available').value).toBe('no');
    expect(value('本应用重视您的隐私。', 'account_deletion.available').value).toBe('not_stated');
  });
});
