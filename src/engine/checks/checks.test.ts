// Each rule on small synthetic policies written here, run through the real engine (analyzeBytes → compare →
// runChecks), plus the rules-file validation and the duration conversion.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBytes } from '../analyze';
import { compare } from '../compare';
import bundled from '../../../resources/rules/rules.json';
import { durationExceeds, loadRules, parseRules, RulesError, runChecks, type CheckResult, type RuleSet } from './index';

let rules: RuleSet;
beforeAll(() => {
  rules = loadRules();
});

let n = 0;
/** Analyzes one synthetic policy and returns the result of one rule, plus the cells the engine read. */
async function check(text: string, ruleId: string): Promise<CheckResult> {
  const a = await analyzeBytes(new TextEncoder().encode(`某某App隐私政策\n\n${text}\n`), `synthetic-${n++}.txt`);
  const res = runChecks(compare([a]), rules);
  const r = res.results[a.id]![ruleId];
  if (!r) throw new Error(`no rule ${ruleId}`);
  return r;
}

const both = (r: CheckResult) => `${r.explanation.zh}\n${r.explanation.en}`;

describe('rules file', () => {
  it('the shipped rules load, with unique ids and both languages everywhere', () => {
    expect(rules.rules.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rules.rules.map((r) => r.id)).size).toBe(rules.rules.length);
    for (const r of rules.rules) {
      expect(r.title.zh && r.title.en && r.source.law.zh && r.source.article.en).toBeTruthy();
    }
  });

  it('legal numbers live in the rules file, not in the code', () => {
    const art31 = JSON.stringify(rules.rules.find((r) => r.id === 'pipl-31-minors-under-14')!.condition);
    expect(art31).toContain('"value":14');
    const tf = JSON.stringify(rules.rules.find((r) => r.id === 'app-2019-deletion-timeframe-limit')!.condition);
    expect(tf).toContain('{"number":15,"unit":"working_days"}');
  });

  const broken = (mutate: (rule: Record<string, unknown>) => void, index = 0) => {
    const data = structuredClone(bundled) as unknown as { rules: Record<string, unknown>[] };
    mutate(data.rules[index]!);
    try {
      parseRules(data, 'rules.json');
    } catch (err) {
      expect(err).toBeInstanceOf(RulesError);
      return (err as Error).message;
    }
    throw new Error('expected a RulesError');
  };

  it('names the rule and the field that is wrong', () => {
    expect(broken((r) => ((r.condition as { any: { op: string }[] }).any[0]!.op = 'containz'))).toMatch(
      /rule "pipl-31-minors-under-14" → condition\.any\[0\]: unknown operator "containz"/,
    );
    expect(broken((r) => ((r.condition as { any: { attr: string }[] }).any[1]!.attr = 'minors.guardian'))).toMatch(
      /rule "pipl-31-minors-under-14" → condition\.any\[1\]: unknown attribute "minors\.guardian"/,
    );
    expect(broken((r) => delete (r.title as Record<string, string>).en)).toMatch(/rule "pipl-31-minors-under-14" → title\.en/);
    expect(broken((r) => (r.severity = 'critical'))).toMatch(/rule "pipl-31-minors-under-14" → severity/);
    expect(broken((r) => (r.reads = ['minors.age_thresholds']))).toMatch(/condition\.any\[1\]: "minors\.guardian_consent" is not listed in "reads"/);
    expect(broken((r) => ((r.condition as { value: unknown }).value = { number: 15, unit: 'workdays' }), 5)).toMatch(
      /rule "app-2019-deletion-timeframe-limit" → condition: unknown unit "workdays"/,
    );
    expect(broken((r) => ((r.condition as { any: { value: unknown }[] }).any[0]!.value = '14'))).toMatch(/ages are numbers/);
    expect(broken((r) => ((r.appliesWhen as { value: unknown }).value = 'sharing'), 1)).toMatch(
      /rule "pipl-23-named-recipients" → appliesWhen: "sharing" is not a value of this attribute/,
    );
    expect(broken((r) => ((r.explanation as { pass: { en: string } }).pass.en = 'Seen {value:retention.period}'), 1)).toMatch(
      /explanation\.pass\.en: \{value:retention\.period\} names an attribute not listed in "reads"/,
    );
    expect(broken((r) => (r.id = 'pipl-31-minors-under-14'), 1)).toMatch(/duplicate id/);
    expect(broken((r) => (r.conditon = r.condition))).toMatch(/rule "pipl-31-minors-under-14" → .*conditon/);
  });

  it('the example in RULES.md is a valid rule', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../resources/rules/RULES.md'), 'utf8');
    const block = /## Example: adding a rule[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const data = { schemaVersion: 1, version: 'test', rules: [JSON.parse(block)] };
    expect(parseRules(data).rules[0]!.id).toBe('example-deletion-self-service');
  });

  it('reports a file that is not JSON or not there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-rules-'));
    const file = path.join(dir, 'rules.json');
    writeFileSync(file, '{"schemaVersion": 1, "rules": [');
    expect(() => loadRules(file)).toThrow(/rules\.json: .*not valid JSON/s);
    expect(() => loadRules(path.join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\)/);
    writeFileSync(file, JSON.stringify(bundled));
    expect(loadRules(file).rules.length).toBe(rules.rules.length);
  });
});

describe('durations', () => {
  const wd15 = { number: 15, unit: 'working_days' };
  it('same units compare exactly; other units at 5 working days per 7 calendar days', () => {
    expect(durationExceeds({ number: 15, unit: 'working_days' }, wd15)).toBe(false);
    expect(durationExceeds({ number: 16, unit: 'working_days' }, wd15)).toBe(true);
    expect(durationExceeds({ number: 21, unit: 'days' }, wd15)).toBe(false);
    expect(durationExceeds({ number: 22, unit: 'days' }, wd15)).toBe(true);
    expect(durationExceeds({ number: 30, unit: 'days' }, wd15)).toBe(true);
    expect(durationExceeds({ number: 48, unit: 'hours' }, wd15)).toBe(false);
    expect(durationExceeds({ number: 3, unit: 'weeks' }, wd15)).toBe(false);
    expect(durationExceeds({ number: 1, unit: 'months' }, wd15)).toBe(true);
  });
});

describe('PIPL Art. 31: minors under 14', () => {
  it('passes with a 14 threshold, guardian consent and children’s rules', async () => {
    const r = await check(
      '未成年人保护\n若您是不满14周岁的儿童，应当在取得监护人同意后使用本服务。我们另行制定了《儿童个人信息保护规则》，请监护人仔细阅读。',
      'pipl-31-minors-under-14',
    );
    expect(r.status).toBe('pass');
    expect(r.values['minors.age_thresholds']).toEqual([14]);
    expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('flags an 18-only threshold without children’s rules, naming what was seen', async () => {
    const r = await check('未成年人保护\n未满18周岁的未成年人应当在监护人同意后使用本服务。', 'pipl-31-minors-under-14');
    expect(r.status).toBe('flag');
    expect(r.explanation.en).toMatch(/^No under-14 age threshold found \(age thresholds seen: 18\); no dedicated children's PI rules/);
    expect(r.explanation.en).not.toContain('guardian consent found');
    expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('flags a policy that says nothing about minors, with no evidence', async () => {
    const r = await check('我们会收集您的手机号码用于注册。', 'pipl-31-minors-under-14');
    expect(r.status).toBe('flag');
    expect(r.evidence).toEqual([]);
    expect(r.explanation.zh).toContain('未发现须取得父母或其他监护人同意的说明');
  });
});

describe('PIPL Art. 23: named recipients', () => {
  it('passes when a sharing policy names its recipients', async () => {
    const r = await check('我们会与合作伙伴共享您的设备信息。我们接入了友盟SDK用于统计分析。', 'pipl-23-named-recipients');
    expect(r.status).toBe('pass');
    expect(r.explanation.zh).toContain('友盟');
  });
  it('flags sharing without any named recipient', async () => {
    const r = await check('我们可能会与合作伙伴共享您的设备信息。', 'pipl-23-named-recipients');
    expect(r.status).toBe('flag');
    expect(r.explanation.en).toMatch(/^The policy says PI is provided to third parties but names no recipient/);
    expect(r.evidence.length).toBeGreaterThan(0);
  });
  it('is not applicable when nothing is shared', async () => {
    const r = await check('未经您同意，我们不会与任何第三方共享您的个人信息，但以下情况除外。', 'pipl-23-named-recipients');
    expect(r.status).toBe('not_applicable');
  });
});

describe('PIPL Arts. 38–39: cross-border recipient', () => {
  it('flags a transfer abroad that names no overseas recipient', async () => {
    const r = await check('您的信息可能传输至境外并在境外存储。', 'pipl-38-39-cross-border-recipient');
    expect(r.status).toBe('flag');
    expect(r.evidence[0]!.quote).toContain('境外');
  });
  it('passes when the cited clause names the overseas recipient and its contact', async () => {
    const r = await check('为完成国际机票预订，您的订单信息将传输至境外，境外接收方名称为Example Travel Ltd.，联系方式为privacy@example.com。', 'pipl-38-39-cross-border-recipient');
    expect(r.values['sharing.cross_border']).toBe('may_transfer_abroad');
    expect(r.status).toBe('pass');
  });
  it('is not applicable for domestic storage', async () => {
    const r = await check('您的个人信息存储于中华人民共和国境内。', 'pipl-38-39-cross-border-recipient');
    expect(r.status).toBe('not_applicable');
  });
});

describe('认定方法 (2019): account deletion', () => {
  const selfService = '您可以通过“设置-账号与安全-注销账号”申请注销您的账号';
  it('flags a policy without account deletion', async () => {
    const r = await check('我们会收集您的手机号码用于注册。', 'app-2019-account-deletion');
    expect(r.status).toBe('flag');
    expect(r.explanation.en).toMatch(/^No statement that the user can close the account was found\. /);
    expect(r.evidence).toEqual([]);
  });
  it('passes self-service deletion and says how', async () => {
    const r = await check(`${selfService}。`, 'app-2019-account-deletion');
    expect(r.status).toBe('pass');
    expect(r.explanation.en).toContain('Self-service');
    expect((await check(`${selfService}。`, 'app-2019-deletion-method-described')).status).toBe('pass');
  });
  it('flags deletion mentioned without a way to do it', async () => {
    const r = await check('当您成功申请注销账户后，我们将在48小时内完成审核，并删除您的个人信息。', 'app-2019-deletion-method-described');
    expect(r.values['account_deletion.available']).toBe('yes');
    expect(r.status).toBe('flag');
  });
  it('timeframe: 15 working days passes, 30 days flags with the value named, 20 days passes by conversion', async () => {
    const ok = await check(`${selfService}，我们将在15个工作日内完成核查和处理。`, 'app-2019-deletion-timeframe-limit');
    expect(ok.status).toBe('pass');
    expect(ok.explanation.en).toContain('15 working days');
    const long = await check(`${selfService}，我们将在30天内完成注销。`, 'app-2019-deletion-timeframe-limit');
    expect(long.status).toBe('flag');
    expect(long.explanation.en).toContain('Account deletion timeframe is 30 days ("30天"), over 15 working days');
    expect(long.explanation.zh).toContain('注销账号的时限为“30天”，超过15个工作日');
    expect(long.evidence[0]!.quote).toContain('30天');
    const twenty = await check(`${selfService}，我们将在20天内完成注销。`, 'app-2019-deletion-timeframe-limit');
    expect(twenty.values['account_deletion.timeframe']).toMatchObject({ number: 20, unit: 'days' });
    expect(twenty.status).toBe('pass');
    const wd16 = await check(`${selfService}，我们将在十六个工作日内完成核查和处理。`, 'app-2019-deletion-timeframe-limit');
    expect(wd16.status).toBe('flag');
  });
  it('timeframe not stated: the limit rule passes, the stated rule flags; no deletion → both not applicable', async () => {
    const text = `${selfService}。`;
    expect((await check(text, 'app-2019-deletion-timeframe-limit')).status).toBe('pass');
    const r = await check(text, 'app-2019-deletion-timeframe-stated');
    expect(r.status).toBe('flag');
    expect(r.explanation.en).toContain('no committed time to complete the closure was found');
    expect((await check('我们会收集您的手机号码。', 'app-2019-deletion-timeframe-stated')).status).toBe('not_applicable');
    expect((await check('我们会收集您的手机号码。', 'app-2019-deletion-timeframe-limit')).status).toBe('not_applicable');
  });
});

describe('retention', () => {
  it('flags no retention period', async () => {
    const r = await check('我们会收集您的手机号码用于注册。', 'pipl-17-19-retention-period');
    expect(r.status).toBe('flag');
    expect(r.explanation.zh).toContain('未发现个人信息保存期限的说明');
    expect((await check('我们会收集您的手机号码用于注册。', 'pipl-17-retention-period-concrete')).status).toBe('not_applicable');
  });
  it('a minimum-necessary period passes the first rule and flags the stricter one', async () => {
    const text = '我们仅在实现目的所必需的最短期限内保留您的个人信息。';
    expect((await check(text, 'pipl-17-19-retention-period')).status).toBe('pass');
    const r = await check(text, 'pipl-17-retention-period-concrete');
    expect(r.status).toBe('flag');
    expect(r.explanation.en).toContain('only “Minimum necessary”');
  });
  it('a fixed period passes both', async () => {
    const text = '存储期限：我们对您的个人信息的保存期限为3年，期满后删除或匿名化处理。';
    const r = await check(text, 'pipl-17-retention-period-concrete');
    expect(r.values['retention.period']).toMatchObject({ number: 3, unit: 'years' });
    expect(r.status).toBe('pass');
    expect((await check(text, 'pipl-17-19-retention-period')).status).toBe('pass');
  });
});

describe('PIPL Arts. 28–30: sensitive PI marked', () => {
  it('flags sensitive data collected without marking, naming the types', async () => {
    const r = await check('我们会收集您的身份证号码用于实名认证。', 'pipl-28-30-sensitive-marked');
    expect(r.status).toBe('flag');
    expect(r.explanation.zh).toContain('身份证件');
  });
  it('passes when the policy marks it', async () => {
    const r = await check('我们会收集您的身份证号码（个人敏感信息）用于实名认证。', 'pipl-28-30-sensitive-marked');
    expect(r.status).toBe('pass');
  });
  it('is not applicable when no sensitive type is collected', async () => {
    const r = await check('我们会收集您的设备标识符（IMEI）用于统计。', 'pipl-28-30-sensitive-marked');
    expect(r.status).toBe('not_applicable');
  });
});

describe('GB/T 35273-2020 6.4: when the service stops', () => {
  it('flags silence', async () => {
    const r = await check('我们会收集您的手机号码用于注册。', 'gbt-35273-6.4-service-end');
    expect(r.status).toBe('flag');
    expect(r.evidence).toEqual([]);
    expect(r.explanation.en).toMatch(/^No statement of what happens to PI when the product or service stops/);
  });
  it('flags notice only', async () => {
    const r = await check('如果我们停止运营，我们将以推送通知、公告的形式通知您。', 'gbt-35273-6.4-service-end');
    expect(r.values['retention.after_service_end']).toBe('notify_only');
    expect(r.status).toBe('flag');
    expect(r.explanation.en).toContain('only promises notice');
  });
  it('passes deletion or anonymization', async () => {
    const r = await check('如果我们停止运营，我们将停止收集您的个人信息，并对所持有的个人信息进行删除或匿名化处理。', 'gbt-35273-6.4-service-end');
    expect(r.status).toBe('pass');
    expect(r.evidence.length).toBe(1);
  });
});

describe('results', () => {
  it('one result per policy × rule, with per-policy counts', async () => {
    const texts = ['我们会收集您的手机号码用于注册。', '您可以通过“设置-账号与安全-注销账号”申请注销您的账号。'];
    const as = await Promise.all(texts.map((t, i) => analyzeBytes(new TextEncoder().encode(t), `multi-${i}.txt`)));
    const res = runChecks(compare(as), rules);
    expect(res.policyIds).toEqual(as.map((a) => a.id));
    expect(res.rules.map((r) => r.id)).toEqual(rules.rules.map((r) => r.id));
    for (const a of as) {
      const row = Object.values(res.results[a.id]!);
      expect(row).toHaveLength(rules.rules.length);
      const s = res.summary[a.id]!;
      expect(s.pass + s.flag + s.not_applicable).toBe(rules.rules.length);
      expect(s.flagsBySeverity.high + s.flagsBySeverity.medium + s.flagsBySeverity.low).toBe(s.flag);
      for (const r of row) expect(both(r)).not.toMatch(/\{[a-z]+(:[^}]*)?\}/);
    }
    expect(res.results[as[0]!.id]!['app-2019-account-deletion']!.status).toBe('flag');
    expect(res.results[as[1]!.id]!['app-2019-account-deletion']!.status).toBe('pass');
  });
});
