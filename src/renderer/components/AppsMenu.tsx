// The apps menu: show/hide, order, rename and remove, one row per app.
import { useRef } from 'react';
import { t } from '../i18n';
import { useStore } from '../store';
import { selectOrderedPolicies } from '../store/selectors';
import { AppsMenuVersion } from './Versions';
import { useDismiss } from './use-dismiss';

export function AppsMenu() {
  const lang = useStore((s) => s.lang);
  const policies = useStore(selectOrderedPolicies);
  const hidden = useStore((s) => s.hidden);
  const setHidden = useStore((s) => s.setHidden);
  const moveApp = useStore((s) => s.moveApp);
  const showAll = useStore((s) => s.showAllApps);
  const openDialog = useStore((s) => s.openDialog);
  const setOpen = useStore((s) => s.setAppsMenuOpen);
  const ref = useRef<HTMLDivElement>(null);

  useDismiss(() => ref.current?.parentElement, () => setOpen(false));

  return (
    <div className="apps-menu" ref={ref} role="dialog" aria-label={t(lang, 'cmd.apps.title')} data-testid="apps-menu">
      <ul>
        {policies.map((p, i) => (
          <li key={p.id} data-policy={p.id}>
            <label className="apps-visible" title={p.file}>
              <input type="checkbox" checked={!hidden[p.id]} onChange={(e) => setHidden(p.id, !e.target.checked)} aria-label={`${t(lang, 'apps.visible')}: ${p.app}`} />
              <span className="apps-name">{p.app}</span>
            </label>
            <button type="button" className="icon-button" disabled={i === 0} onClick={() => moveApp(p.id, -1)} title={t(lang, 'apps.up')} aria-label={`${t(lang, 'apps.up')}: ${p.app}`}>
              ↑
            </button>
            <button type="button" className="icon-button" disabled={i === policies.length - 1} onClick={() => moveApp(p.id, 1)} title={t(lang, 'apps.down')} aria-label={`${t(lang, 'apps.down')}: ${p.app}`}>
              ↓
            </button>
            <AppsMenuVersion policyId={p.id} />
            <button type="button" className="link" onClick={() => openDialog({ kind: 'rename', policyId: p.id })}>
              {t(lang, 'apps.rename')}
            </button>
            <button type="button" className="link danger" onClick={() => openDialog({ kind: 'remove', policyId: p.id })}>
              {t(lang, 'apps.remove')}
            </button>
          </li>
        ))}
      </ul>
      {Object.keys(hidden).length > 0 && (
        <div className="apps-footer">
          <button type="button" className="link" onClick={showAll}>
            {t(lang, 'apps.showAll')}
          </button>
        </div>
      )}
    </div>
  );
}
