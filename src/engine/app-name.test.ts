import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractDocument } from './adapters/index';
import { detectAppName } from './app-name';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../../shared/corpus');
const haveCorpus = existsSync(path.join(CORPUS, 'seeds'));
if (!haveCorpus) console.log(`app-name.test: ${CORPUS} is absent, skipping the corpus names`);

async function nameOf(rel: string) {
  const file = path.join(CORPUS, rel);
  const doc = await extractDocument(readFileSync(file), path.basename(file));
  return detectAppName(doc.text, path.basename(file));
}

describe.skipIf(!haveCorpus)('app names of the corpus', () => {
  it('reads the five seeds', async () => {
    expect(await nameOf('seeds/000_296fdf692ffb1e9f.txt')).toEqual({ app: '小包智工', source: 'book_title' });
    expect(await nameOf('seeds/001_17f9a5d3888bfd81.txt')).toEqual({ app: '小宇宙', source: 'title' });
    expect(await nameOf('seeds/002_074205155bcdb4d3.txt')).toEqual({ app: '口袋证件照', source: 'title' });
    // Seed 003 never names its app ("本应用" throughout; its front matter says "Privacy Policy").
    expect(await nameOf('seeds/003_d5f8391edbc6abca.txt')).toEqual({ app: '003_d5f8391edbc6abca', source: 'file_name' });
    expect(await nameOf('seeds/004_2f08c6a1c9a183a8.txt')).toEqual({ app: '我图网', source: 'title' });
  });

  it('reads tagtog documents by title, not by their Apkid line', async () => {
    const expected: Record<string, string> = {
      '0496.html': '美V聊天',
      '0500.html': '最右',
      '0516.html': '学习强国',
      '0520.html': '新华字典',
      '0524.html': '闪送',
      '0544.html': '全民健走',
      '0596.html': '记账鸭',
      '0604.html': '中国民生银行',
      '0612.html': '哈罗摩托',
      '0616.html': '成语黄金屋',
      '0648.html': '格力+',
      '0716.html': '平安好医生',
      '0760.html': '苏城码',
      '0848.html': '乐秀视频编辑器',
      '0912.html': '15天天气预报',
      '0972.html': '点点猜歌',
    };
    if (!existsSync(path.join(CORPUS, 'ca4p-dev'))) return;
    for (const [file, app] of Object.entries(expected)) expect((await nameOf(`ca4p-dev/${file}`)).app, file).toBe(app);
  });
});

describe('detectAppName', () => {
  it('reads title lines and strips generic words', () => {
    expect(detectAppName('口袋证件照APP隐私政策\n正文', 'x.txt')).toEqual({ app: '口袋证件照', source: 'title' });
    expect(detectAppName('# “美V聊天”隐私政策\n', 'x.txt')).toEqual({ app: '美V聊天', source: 'title' });
    expect(detectAppName('**全民健走隐私政策**\n', 'x.txt').app).toBe('全民健走');
    expect(detectAppName('《流利说®少儿英语用户隐私与使用协议》\n', 'x.txt').app).toBe('流利说®少儿英语');
  });

  it('does not take generic titles or sentences for names', () => {
    expect(detectAppName('隐私政策\n我们希望通过本《隐私政策》向您说明。', 'policy.txt')).toEqual({ app: 'policy', source: 'file_name' });
    expect(detectAppName('用户隐私政策\n本应用尊重并保护所有用户的个人隐私权。', 'a/b/本地.md').app).toBe('本地');
    expect(detectAppName('App隐私政策\n平台隐私政策\n', 'z.txt').app).toBe('z');
  });

  it('reads 《…》App, operator sentences and aliases', () => {
    expect(detectAppName('隐私政策\n《小包智工》App及《小包智工商家版》App为北京智工互联科技有限公司所开发。', 'x.txt')).toEqual({ app: '小包智工', source: 'book_title' });
    expect(detectAppName('隐私政策\n本政策仅适用于广州某某有限公司开发的颜值部落App产品。', 'x.txt')).toEqual({ app: '颜值部落', source: 'operator' });
    expect(detectAppName('隐私政策\n惠州登临科技有限公司（以下简称“记账鸭”）深知个人信息对您的重要性。', 'x.txt').app).toBe('记账鸭');
    expect(detectAppName('隐私政策\n闪送非常重视用户隐私的保护。', 'x.txt')).toEqual({ app: '闪送', source: 'operator' });
  });

  it('falls back to the Apkid line, then to the file name without its extension', () => {
    expect(detectAppName('Apkid:com.x.y\n==========\n隐私政策\n', 'f.html')).toEqual({ app: 'com.x.y', source: 'file_name' });
    expect(detectAppName('隐私政策\n', '/tmp/我的草稿.v2.docx')).toEqual({ app: '我的草稿.v2', source: 'file_name' });
  });
});
