// The toolbar's Export menu: format, scope (current view or everything), optional title; also opened by
// Electron's File › Export report… (menu-command "report-export"). Progress shows on the buttons.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { REPORT_FORMATS, type ReportFormat } from '../../shared/contract-export';
import { api } from '../api';
import { exportComparison, rowsInView, type ExportScope } from '../export-actions';
import { t, type MessageKey } from '../i18n';
import { useStore } from '../store';
import { selectVisiblePolicies } from '../store/selectors';
import '../export-menu.css';
import { useDismiss } from './use-dismiss';

export function ExportMenu() {
  const lang = useStore((s) => s.lang);
  const total = useStore((s) => s.matrix?.policies.length ?? 0);
  const visible = useStore((s) => selectVisiblePolicies(s).length);
  const rows = useStore((s) => rowsInView(s).length);
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ReportFormat>('html');
  const [scope, setScope] = useState<ExportScope>('view');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [alignLeft, setAlignLeft] = useState(false);
  const anchor = useRef<HTMLDivElement>(null);

  // Opens toward the side with room: right-aligned at the end of the toolbar, left-aligned when it wraps.
  useLayoutEffect(() => {
    if (open && anchor.current) setAlignLeft(anchor.current.getBoundingClientRect().right < 340);
  }, [open]);

  // Electron's File menu asks for the same menu.
  useEffect(() => api.on('menu-command', (m) => m.command === 'report-export' && setOpen(true)), []);

  useDismiss(() => anchor.current, () => setOpen(false), open);

  const run = async () => {
    setBusy(true);
    try {
      const result = await exportComparison(format, scope, title);
      if (result) setOpen(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tb-menu-anchor" ref={anchor}>
      <button
        type="button"
        className={`tb-button ${open ? 'is-on' : ''} ${busy ? 'is-busy' : ''}`}
        disabled={total === 0}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t(lang, 'export.button.title')}
        data-testid="export-menu-toggle"
        onClick={() => setOpen(!open)}
      >
        {busy ? t(lang, 'export.running') : t(lang, 'export.button')} ▾
      </button>
      {open && (
        <form
          className={`export-menu ${alignLeft ? 'is-left' : ''}`}
          role="dialog"
          aria-label={t(lang, 'export.menuTitle')}
          data-testid="export-menu"
          aria-busy={busy}
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void run();
          }}
        >
          <div className="export-menu-title">{t(lang, 'export.menuTitle')}</div>
          <fieldset disabled={busy}>
            <legend>{t(lang, 'export.format')}</legend>
            {REPORT_FORMATS.map((f) => (
              <label key={f} className="export-choice">
                <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
                {t(lang, `export.format.${f}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <fieldset disabled={busy}>
            <legend>{t(lang, 'export.scope')}</legend>
            <label className="export-choice">
              <input type="radio" name="export-scope" value="view" checked={scope === 'view'} onChange={() => setScope('view')} data-testid="export-scope-view" />
              {t(lang, 'export.scope.view', { apps: visible, rows })}
            </label>
            <label className="export-choice">
              <input type="radio" name="export-scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} data-testid="export-scope-all" />
              {t(lang, 'export.scope.all', { apps: total })}
            </label>
          </fieldset>
          <label className="export-title">
            <span>{t(lang, 'export.reportTitle')}</span>
            <input type="text" value={title} maxLength={200} disabled={busy} onChange={(e) => setTitle(e.target.value)} data-testid="export-title" />
          </label>
          <p className="export-note">{t(lang, 'export.note')}</p>
          <div className="export-actions">
            <button type="submit" className="tb-button primary" disabled={busy} data-testid="export-run">
              {busy ? t(lang, 'export.running') : t(lang, 'export.run')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
