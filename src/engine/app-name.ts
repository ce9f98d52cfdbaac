// Reads the app's name from the policy itself: the title line, a 《…》/“…” product name, the operator
// sentence, and only then the file name.
import { displayName } from './decode';

export interface AppName {
  app: string;
  source: 'title' | 'book_title' | 'operator' | 'file_name';
}

/** Words that name a policy document (the title is "<app><policy word>"). Longest first. */
const POLICY_WORDS = [
  '个人信息保护政策', '个人信息保护规则', '隐私权保护政策', '隐私保护政策', '隐私保护指引', '隐私保护协议', '隐私权政策',
  '隐私与使用协议', '隐私权申明', '隐私权声明', '隐私政策', '隐私协议', '隐私声明', '隐私条款', '隐私指引', '隐私权',
  '用户服务协议', '用户使用协议', '用户协议', '服务协议', '服务条款', '使用协议', '信息保护政策',
];
const POLICY_RE = new RegExp(`(${POLICY_WORDS.join('|')})`);

/** Words that are never an app name on their own. */
const GENERIC = new Set([
  '本', '我们', '我司', '本公司', '公司', '本应用', '应用', '本软件', '软件', '本平台', '平台', '本产品', '产品', '本网站', '网站',
  '隐私', '隐私政策', '用户', '个人', '个人信息', 'app', '客户端', '服务', '本服务', '法律声明', '更新', '最新', '新版', '中国大陆',
  '儿童', '未成年人', '用户使用', '隐私权', '您', '本站', '手机', '移动', '官方', '我方', '平台服务', 'cookie', 'cookies',
  'sdk', 'api', 'ip', '附近', '微信', 'qq', '微博', '支付宝', '微信登录', '第三方',
]);

/** Words a product name found inside running text never contains (they mark a phrase, not a name). */
const PHRASE_WORDS = /法律|法规|的|我们|您|你|本|以下|下列|如果|为了|对于|将|可以|以及|进行|通过|相关|功能|服务|信息|用户|设备|选项|各项|使用|提供|适用/;

/** Trailing words that describe the product's kind or the audience, not its name. */
const SUFFIXES = /(?:[\s·\-—]*(?:APP|App|app|应用程序|应用|软件|客户端|手机版|移动端|产品|用户|注册用户|会员|平台|服务|及|和|与|之|的|注册|系列|[（(][^）)]*[)）]))+$/;

/** Strips markup and decoration a title line carries (Markdown #, **, quotes, brackets). */
function cleanTitle(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)|\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/^[#>\s*]+|[#\s*]+$/g, '')
    .replace(/\*\*|__/g, '')
    .trim();
}

/** Cuts quotes, generic suffixes and whitespace off a candidate name; undefined when nothing specific remains. */
export function cleanName(raw: string, strict = false): string | undefined {
  let s = raw.replace(/[*_`]+/g, '').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[“”"'‘’《》〈〉<>【】\[\]「」『』\s]+|[“”"'‘’《》〈〉<>【】\[\]「」『』\s]+$/g, '');
  // A quoted name inside ("“学习强国”学习平台") wins over the words around it.
  const q = /[“"《【「]([^“”"《》【】「」]{1,30})[”"》】」]/.exec(raw);
  if (q && q[1] && q[1].trim() && !GENERIC.has(q[1].trim().toLowerCase())) s = q[1].trim();
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(SUFFIXES, '').trim();
    // Only strip a suffix when something specific is left ("平台" alone stays generic and is rejected below).
    if (!s) s = before;
    if (s === before) break;
  }
  s = s.replace(/^(?:本|欢迎使用|欢迎您使用)/, '').trim();
  if (s.length < 2 && !/[\u4e00-\u9fff]{1}/.test(s)) return undefined;
  if (!s || s.length > 30) return undefined;
  if (GENERIC.has(s.toLowerCase())) return undefined;
  if (/^[\d\s年月日.:\-/：]+$/.test(s) || /\d{4}\s*年/.test(s)) return undefined;
  if (/政策|协议|条款|声明|法$|规范|规定|指引|须知|办法|标准|规则|更新|日期/.test(s)) return undefined;
  if (/[，。；：！？,;:!?|]/.test(s)) return undefined;
  if (!/[\u4e00-\u9fffA-Za-z]/.test(s) || /^[一二三四五六七八九十\d]+[、.．]/.test(s) || /^[/\\]/.test(s)) return undefined;
  if (/^(?:我们|您|你|如|若|以下|如果|欢迎)/.test(s) || /本$/.test(s)) return undefined;
  if (strict && (PHRASE_WORDS.test(s) || /公司$/.test(s) || s.length > 12)) return undefined;
  return s;
}

/** The first lines of the text, with long scraped lines cut at whitespace into title-sized pieces. */
function headUnits(text: string): string[] {
  const units: string[] = [];
  const lines = text.slice(0, 4000).split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || /^[=\-_*~#·]{3,}$/.test(line) || /^apkid\s*:/i.test(line)) continue;
    if (line.length <= 60) units.push(line);
    else units.push(...line.slice(0, 300).split(/\s{1,}/).filter(Boolean), line);
    if (units.length > 40) break;
  }
  return units;
}

function fromTitle(text: string): string | undefined {
  const units = headUnits(text).slice(0, 12);
  for (const u of units) {
    const t = cleanTitle(u);
    if (t.length > 50) continue;
    const m = POLICY_RE.exec(t);
    if (!m || m.index === 0) continue;
    // A title ends soon after the policy word ("…隐私政策（2020版）"); a sentence goes on.
    const rest = t.slice(m.index + m[0].length).replace(/[（(][^）)]*[)）]|[\s*#》”"]/g, '');
    if (rest.length > 14 || /[，。；,;]/.test(rest)) continue;
    const prefix = t.slice(0, m.index);
    if (/通过|阅读|同意|根据|按照|请|对本|如对|以下是|更新/.test(prefix)) continue;
    const name = cleanName(prefix);
    if (name) return name;
  }
  return undefined;
}

const PRODUCT_KIND = '(?:App|APP|app|应用|软件|客户端|产品|平台|小程序)';

function fromBookTitle(text: string): string | undefined {
  const head = text.slice(0, 6000);
  const counts = new Map<string, number>();
  const add = (raw: string | undefined, weight: number): void => {
    const name = raw ? cleanName(raw, true) : undefined;
    if (name) counts.set(name, (counts.get(name) ?? 0) + weight);
  };
  // 《小包智工》App, “美V聊天”软件, 【哈罗摩托】（以下…）
  for (const m of head.matchAll(new RegExp(`[《“"【「]([^《》“”"【】「」\\n]{2,20})[》”"】」]\\s*${PRODUCT_KIND}`, 'g'))) add(m[1], 2);
  for (const m of head.matchAll(/[《“"【「]([^《》“”"【】「」\n]{2,20})[》”"】」]\s*[（(]以下/g)) add(m[1], 2);
  // “新华字典APP”
  for (const m of head.matchAll(/[《“"【「]([^《》“”"【】「」\n]{2,16}(?:App|APP|app|客户端))[》”"】」]/g)) add(m[1], 2);
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, c] of counts) if (c > bestCount) [best, bestCount] = [name, c];
  return best;
}

/** "闪送非常重视用户隐私的保护" / "中国民生银行高度尊重客户的隐私权": the name that opens the policy. */
function fromOpening(text: string): string | undefined {
  const head = text.slice(0, 3000);
  for (const m of head.matchAll(/(?:^|[。！\n])[\s*#]*([^\s，。、；：“”"（）()【】《》*#]{2,14}?)(?:非常|高度|十分|始终|一直)?(?:重视|尊重|深知|珍视)(?:用户|您|客户|个人)/g)) {
    const name = cleanName(m[1]!, true);
    if (name) return name;
  }
  return undefined;
}

function fromOperator(text: string): string | undefined {
  const head = text.slice(0, 6000);
  // 是“点点猜歌”的运营者
  const isOp = /[“"《【]([^“”"《》【】\n]{2,20})[”"》】]的(?:运营者|运营方|开发者|经营者|运营主体)/.exec(head);
  if (isOp) {
    const name = cleanName(isOp[1]!, true);
    if (name) return name;
  }
  // 作为成语黄金屋软件（以下简称“本产品”）的运营者
  const asOp = /作为[“"《【]?([^，。“”"《》【】（）()\s]{2,15}?)[”"》】]?(?:App|APP|app|软件|客户端|应用|平台)?\s*(?:[（(][^）)]*[)）])?的(?:运营者|运营方|开发者|运营主体)/.exec(head);
  if (asOp) {
    const name = cleanName(asOp[1]!, true);
    if (name) return name;
  }
  // …运营/开发的[“]颜值部落[”]App
  for (const run of head.matchAll(new RegExp(`(?:运营|开发|推出)的[“"《【「]?([^\\s，。、；“”"《》【】「」（）()]{2,12}?)[”"》】」]?\\s*(?:App|APP|app|客户端|软件|应用程序)`, 'g'))) {
    const name = cleanName(run[1]!, true);
    if (name) return name;
  }
  // 小明太极（以下称“我们”） / 惠州登临科技有限公司（以下简称“记账鸭”）
  for (const m of head.matchAll(/(?:^|[\s。；，：“"【])([^\s，。；：“”"（）()【】《》]{2,24})[”"】]?\s*[（(](?:以下|下文)?(?:简称|或称|称为|称|统称)[：:]?\s*[“"]?([^”"）)，,]{1,20})[”"]?/g)) {
    // A company's alias is its brand ("记账鸭"); anything else that calls itself "我们" is the brand itself.
    const subject = m[1]!.replace(/[*_【】]/g, '');
    if (/公司$|集团$/.test(subject)) {
      const alias = cleanName(m[2]!, true);
      if (alias && !/^(?:本|我|公司)/.test(m[2]!.trim())) return alias;
    } else if (/^\s*(?:我们|本公司|我司)/.test(m[2]!)) {
      const name = cleanName(subject, true);
      if (name) return name;
    }
  }
  return undefined;
}

function fromApkId(text: string): string | undefined {
  const m = /^\s*apkid\s*:\s*([A-Za-z0-9_.]+)/im.exec(text.slice(0, 500));
  return m?.[1];
}

/** The app a policy is about, and where the name was found. */
export function detectAppName(text: string, fileName: string): AppName {
  const title = fromTitle(text);
  if (title) return { app: title, source: 'title' };
  const opening = fromOpening(text);
  if (opening) return { app: opening, source: 'operator' };
  const book = fromBookTitle(text);
  if (book) return { app: book, source: 'book_title' };
  const op = fromOperator(text);
  if (op) return { app: op, source: 'operator' };
  const apk = fromApkId(text);
  if (apk) return { app: apk, source: 'file_name' };
  const base = displayName(fileName);
  const dot = base.lastIndexOf('.');
  return { app: (dot > 0 ? base.slice(0, dot) : base) || base, source: 'file_name' };
}
