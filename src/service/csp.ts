// The renderer's Content-Security-Policy, sent by both Electron (onHeadersReceived) and the browser host.
// style-src needs 'unsafe-inline': AG Grid themes inject <style> elements at run time (ag-grid.com/react-data-grid/security;
// the alternative, styleNonce, needs a per-load nonce templated into a static page). img-src data: is for
// the SVG icons AG Grid embeds as data URLs.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
