// Saved web pages: which elements are page chrome (navigation, cookie banners, share bars …) and which look like
// the container of the policy body. Pure functions of an element's tag and attributes; html.ts decides with them
// and with how much text each element holds.

/** Words in id/class/aria-label that mark page chrome on their own. */
const CHROME_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'navi', 'menu', 'menubar', 'submenu', 'megamenu', 'header', 'masthead', 'topbar', 'footer',
  'breadcrumb', 'breadcrumbs', 'crumbs', 'crumb', 'consent', 'gdpr', 'onetrust', 'cookiebot', 'banner', 'sidebar', 'aside',
  'share', 'sharing', 'sharebar', 'social', 'related', 'recommend', 'recommended', 'recommendation', 'comment', 'comments',
  'modal', 'popup', 'popover', 'overlay', 'dialog', 'login', 'signin', 'signup', 'register', 'download', 'downloadapp',
  'openapp', 'toolbar', 'ad', 'ads', 'advert', 'advertisement', 'sponsor', 'sponsored', 'subscribe', 'newsletter',
  'feedback', 'backtotop', 'totop', 'gotop', 'skip', 'search', 'copyright', 'qrcode', 'tabbar',
]);
/** "cookie" names a cookie section of a policy as often as a banner: chrome only next to one of these. */
const COOKIE_WORDS = new Set(['cookie', 'cookies', 'cc']);
const COOKIE_CHROME = new Set(['bar', 'banner', 'notice', 'notification', 'consent', 'popup', 'modal', 'tip', 'tips', 'alert', 'law', 'message', 'box', 'window', 'prompt', 'accept', 'settings', 'dialog', 'layer']);
/** Words that mark the container of the main text. */
const CONTENT_WORDS = new Set([
  'content', 'contents', 'article', 'policy', 'privacy', 'agreement', 'protocol', 'terms', 'post', 'entry', 'main',
  'markdown', 'rich', 'richtext', 'doc', 'document', 'detail', 'legal', 'statement', 'clause', 'clauses', 'yinsi', 'xieyi',
]);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'search', 'menu', 'menubar', 'toolbar', 'tablist']);
/** Chinese aria-labels of chrome. */
const CHROME_LABEL = /导航|菜单|页脚|页眉|面包屑|分享|相关|推荐|评论|登录|注册|下载|广告|搜索|返回顶部|Cookie|cookie/;

/** id/class/aria-label split into lower-case words: "cookieConsent-bar" → cookie, consent, bar. */
export function attributeWords(...values: (string | undefined)[]): string[] {
  const words: string[] = [];
  for (const v of values) {
    if (!v) continue;
    const spaced = v.length > 500 ? v.slice(0, 500) : v;
    for (const w of spaced.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)) if (w) words.push(w);
  }
  return words;
}

/**
 * Why an element is page chrome, or undefined. `inArticle`: inside <article>/<main>, where <header> and <footer>
 * hold the policy's title and dates rather than the site's.
 */
export function chromeReason(tag: string, attribs: Record<string, string>, inArticle: boolean): string | undefined {
  if ((tag === 'header' || tag === 'footer') && !inArticle) return `<${tag}>`;
  if (tag === 'aside') return '<aside>';
  const role = (attribs.role ?? '').toLowerCase().trim();
  if (CHROME_ROLES.has(role)) return `role=${role}`;
  if (attribs['aria-modal'] === 'true') return 'aria-modal';
  const label = attribs['aria-label'];
  if (label && CHROME_LABEL.test(label)) return `aria-label=${label}`;
  const words = attributeWords(attribs.id, attribs.class, label);
  let cookie = false;
  let cookieChrome = false;
  for (const w of words) {
    if (CHROME_WORDS.has(w)) return w;
    if (COOKIE_WORDS.has(w)) cookie = true;
    else if (COOKIE_CHROME.has(w)) cookieChrome = true;
  }
  if (cookie && cookieChrome) return 'cookie banner';
  return undefined;
}

/** Whether an element looks like the container of the page's main text. */
export function isContentCandidate(tag: string, attribs: Record<string, string>): boolean {
  if (tag === 'main' || tag === 'article') return true;
  if ((attribs.role ?? '').toLowerCase() === 'main') return true;
  return attributeWords(attribs.id, attribs.class).some((w) => CONTENT_WORDS.has(w));
}

/** Headings that title a policy: a chrome-looking element holding one is kept. */
export const POLICY_HEADING = /隐私|个人信息|用户协议|服务协议|隱私|個人資料|privacy|personal information/i;

/** Text weight of a string: Han characters count 1, other visible characters 1/4 (an English word ≈ one Han). */
export function textWeight(s: string): number {
  let han = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0xa0 || c === 0x3000) continue;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) han++;
    else other++;
  }
  return han + other / 4;
}
