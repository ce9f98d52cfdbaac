// Who may talk to main: pure checks (no Electron runtime import), so they are unit-tested without a binary.
import type { WebContents, WebFrameMain } from 'electron';

/** The app's own page: the built index.html (file://), or in development the dev server's origin. */
export function appUrlMatcher(appUrl: string, dev: boolean): (url: string) => boolean {
  const expected = new URL(appUrl);
  return (url) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    return dev ? u.origin === expected.origin : u.protocol === 'file:' && u.host === '' && u.pathname === expected.pathname;
  };
}

/** IPC is answered only for the top frame of our own window showing our own page (not iframes, not other windows). */
export function isTrustedSender(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  window: Pick<WebContents, 'mainFrame'> | undefined,
  isAppUrl: (url: string) => boolean,
): boolean {
  if (!frame || !window || frame !== window.mainFrame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
