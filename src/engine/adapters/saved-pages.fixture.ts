// Realistic saved web pages for the saved-page tests: a policy body wrapped in the chrome a browser saves with it.
export const POLICY_PARAS = [
  '更新日期：2024年3月1日　生效日期：2024年3月8日',
  '欢迎您使用星河阅读！我们深知个人信息对您的重要性，并会尽全力保护您的个人信息安全可靠。',
  '一、我们如何收集和使用您的个人信息',
  '1. 注册登录：当您注册星河阅读账号时，我们会收集您的手机号码，用于创建账号和验证身份。',
  '2. 设备信息：为保障账号安全，我们会收集您的设备型号、操作系统版本、设备标识符（IMEI/Android ID/IDFA）。',
  '二、我们如何使用 Cookie 和同类技术',
  '我们使用 Cookie 记住您的阅读偏好，您可以在浏览器设置中清除 Cookie。',
  '三、我们如何共享、转让、公开披露您的个人信息',
  '我们不会向第三方出售您的个人信息。我们接入的第三方SDK详见《第三方信息共享清单》。',
  '四、我们如何保存您的个人信息',
  '我们在中华人民共和国境内收集的个人信息存储于境内，保存期限为您使用服务期间及注销后六个月。',
  '五、如何联系我们',
  '如您对本政策有任何疑问，请发送邮件至 privacy@xinghe.example.com，我们将在十五个工作日内回复。',
];
export const CHROME_TEXTS = ['首页', '书城', '排行榜', '本站使用Cookie改善体验', '全部接受', '下载App，阅读更多好书', '分享到微信', '相关推荐', '热门小说一', '京ICP备12345678号', '关于我们', 'window.__INITIAL_STATE__', 'gtag', '登录/注册', '您的位置', '网友评论'];

const body = POLICY_PARAS.map((p, i) => (/^[一二三四五]、/.test(p) ? `<h2 id="s${i}">${p}</h2>` : `<p>${p}</p>`)).join('\n        ');

/** Chrome "Save page as… Webpage, complete": structure-marked chrome (classes, roles) around an <article>. */
export function savedPageStructured(): string {
  return `<!DOCTYPE html>
<!-- saved from url=(0046)https://www.xinghe.example.com/privacy.html -->
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>星河阅读隐私政策 - 星河阅读</title>
<link rel="stylesheet" href="./privacy_files/main.css">
<script async src="./privacy_files/gtag.js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebPage","name":"隐私政策 JSON 不应出现"}</script>
</head>
<body class="page-privacy">
<div class="cookie-banner" id="cookieConsent"><p>本站使用Cookie改善体验，继续浏览即表示同意。</p><a class="btn">全部接受</a></div>
<div class="download-app-bar"><img src="./privacy_files/logo.png"><span>下载App，阅读更多好书</span><a href="#">立即下载</a></div>
<header class="site-header"><div class="logo">星河阅读</div>
  <ul class="main-menu"><li><a href="/">首页</a></li><li><a href="/store">书城</a></li><li><a href="/rank">排行榜</a></li></ul>
  <div class="user"><a href="/login">登录/注册</a></div></header>
<div class="breadcrumb">您的位置：<a href="/">首页</a> &gt; 隐私政策</div>
<div class="wrap">
  <div class="main-col">
    <article class="policy-content">
        <h1>星河阅读隐私政策</h1>
        ${body}
    </article>
    <div class="share-bar"><span>分享到微信</span><a>微博</a><a>QQ</a></div>
    <div class="comments"><h3>网友评论</h3><p>写得很清楚，点赞！这里是评论内容不是政策。</p></div>
  </div>
  <aside class="sidebar"><h3>相关推荐</h3><ul><li><a>热门小说一</a></li><li><a>热门小说二</a></li><li><a>热门小说三</a></li></ul></aside>
</div>
<footer class="site-footer"><p><a>关于我们</a> | <a>联系我们</a> | <a>用户协议</a></p><p>©2024 星河阅读 京ICP备12345678号</p></footer>
<script>window.__INITIAL_STATE__ = {"user":null,"text":"我们会收集您的全部通讯录"};</script>
</body></html>`;
}

/** An app-store style page with no helpful classes: the policy is the one block dense with Chinese text. */
export function savedPagePlain(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>隐私政策</title>
<script>var gtag = function(){}; var s = "您的位置";</script></head><body>
<div><a href="/">首页</a> <a href="/store">书城</a> <a href="/rank">排行榜</a> <a href="/login">登录/注册</a></div>
<div><span>下载App，阅读更多好书</span> <a href="#">立即下载</a></div>
<div><div>
  <h1>星河阅读隐私政策</h1>
  ${body}
</div></div>
<div><a>相关推荐</a> <a>热门小说一</a> <a>热门小说二</a> <a>热门小说三</a> <a>分享到微信</a></div>
<div><a>关于我们</a> | <a>联系我们</a> 京ICP备12345678号 网友评论</div>
<div id="x"><script type="application/json">{"window.__INITIAL_STATE__":1}</script></div>
</body></html>`;
}

/** The same page as a Chrome MHTML archive (quoted-printable HTML part, an image part in base64). */
export function savedPageMhtml(html: string, charset = 'utf-8', encodeHtml: (s: string) => Uint8Array = (s) => new TextEncoder().encode(s)): Uint8Array {
  const boundary = '----MultipartBoundary--Xq3vGQ8bbm0iKC4y2k9Zf6rJ0L1sTtqGgqXIxGv5Jz----';
  const qp = quotedPrintable(encodeHtml(html));
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');
  const text = [
    'From: <Saved by Blink>',
    'Snapshot-Content-Location: https://www.xinghe.example.com/privacy.html',
    'Subject: =?utf-8?Q?=E6=98=9F=E6=B2=B3?=',
    'Date: Fri, 1 Mar 2024 10:00:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related;',
    '\ttype="text/html";',
    `\tboundary="${boundary}"`,
    '',
    '',
    `--${boundary}`,
    `Content-Type: text/html; charset=${charset}`,
    'Content-ID: <frame-1@mhtml.blink>',
    'Content-Transfer-Encoding: quoted-printable',
    'Content-Location: https://www.xinghe.example.com/privacy.html',
    '',
    qp,
    '',
    `--${boundary}`,
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-Location: https://www.xinghe.example.com/logo.png',
    '',
    png,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

/** Quoted-printable with 76-character lines, as Chrome writes it. */
export function quotedPrintable(bytes: Uint8Array): string {
  let out = '';
  let line = '';
  for (const b of bytes) {
    const piece = (b >= 33 && b <= 126 && b !== 61) || b === 32 ? String.fromCharCode(b) : b === 10 ? '\n' : '=' + b.toString(16).toUpperCase().padStart(2, '0');
    if (piece === '\n') {
      out += line + '\r\n';
      line = '';
      continue;
    }
    if (line.length + piece.length > 75) {
      out += line + '=\r\n';
      line = '';
    }
    line += piece;
  }
  return out + line;
}
