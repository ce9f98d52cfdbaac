// The workspace menu (create, open, switch via the recent list, the reviewer's name), the notes filter, and
// the bar of workspace notices (repairs after damage, migration) that never blocks the work.
import { useRef, useState } from 'react';
import type { WorkspaceNotice } from '../../shared/types';
import { hasMessage, t } from '../i18n';
import { createWorkspace, openWorkspace, pickFolder, saveAuthor } from '../review-actions';
import { useStore } from '../store';
import type { ReviewFilter } from '../store/review';
import { useDismiss } from './use-dismiss';

export function WorkspaceMenu() {
  const lang = useStore((s) => s.lang);
  const workspace = useStore((s) => s.workspace);
  const settings = useStore((s) => s.settings);
  const host = useStore((s) => s.host);
  const setOpen = useStore((s) => s.setWorkspaceMenuOpen);
  const ref = useRef<HTMLDivElement>(null);
  const [openPath, setOpenPath] = useState('');
  const [name, setName] = useState('');
  const [createDir, setCreateDir] = useState('');
  const [author, setAuthor] = useState(settings?.author ?? '');
  const electron = host === 'electron';

  useDismiss(() => ref.current?.parentElement, () => setOpen(false));

  if (!workspace) return null;
  const recent = (settings?.recent ?? []).filter((r) => r.dir !== workspace.dir);

  return (
    <div className="apps-menu workspace-menu" ref={ref} role="dialog" aria-label={t(lang, 'cmd.workspace.title')} data-testid="workspace-menu">
      <section>
        <h4>{t(lang, 'workspace.current')}</h4>
        <div className="ws-name">{workspace.name}</div>
        <div className="ws-dir muted" title={workspace.dir}>
          {workspace.dir}
        </div>
      </section>
      {recent.length > 0 && (
        <section>
          <h4>{t(lang, 'workspace.recent')}</h4>
          <ul>
            {recent.map((r) => (
              <li key={r.dir}>
                <button type="button" className="ws-recent" title={r.dir} onClick={() => void openWorkspace(r.dir)}>
                  <span>{r.name}</span> <span className="muted">{r.dir}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h4>{t(lang, 'workspace.open')}</h4>
        {electron ? (
          <button
            type="button"
            onClick={() =>
              void pickFolder().then((dir) => {
                if (dir) void openWorkspace(dir);
              })
            }
          >
            {t(lang, 'workspace.chooseFolder')}
          </button>
        ) : (
          <form
            className="ws-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (openPath.trim()) void openWorkspace(openPath.trim());
            }}
          >
            <input type="text" value={openPath} onChange={(e) => setOpenPath(e.target.value)} placeholder={t(lang, 'workspace.pathLabel')} aria-label={t(lang, 'workspace.pathLabel')} data-testid="workspace-path" />
            <button type="submit" disabled={!openPath.trim()} data-testid="workspace-open">
              {t(lang, 'workspace.openPath')}
            </button>
          </form>
        )}
        {!electron && <p className="ws-hint muted">{t(lang, 'workspace.pathHint')}</p>}
      </section>
      <section>
        <h4>{t(lang, 'workspace.create')}</h4>
        <form
          className="ws-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void createWorkspace(name.trim(), createDir.trim() || undefined);
          }}
        >
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t(lang, 'workspace.createName')} aria-label={t(lang, 'workspace.createName')} data-testid="workspace-new-name" />
          <div className="ws-row">
            <input type="text" value={createDir} onChange={(e) => setCreateDir(e.target.value)} placeholder={t(lang, 'workspace.createDir')} aria-label={t(lang, 'workspace.createDir')} />
            {electron && (
              <button
                type="button"
                onClick={() =>
                  void pickFolder().then((dir) => {
                    if (dir) setCreateDir(dir);
                  })
                }
              >
                {t(lang, 'workspace.chooseFolder')}
              </button>
            )}
          </div>
          <button type="submit" className="primary" disabled={!name.trim()}>
            {t(lang, 'workspace.createButton')}
          </button>
        </form>
      </section>
      <section>
        <h4>{t(lang, 'workspace.author')}</h4>
        <form
          className="ws-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (author.trim()) void saveAuthor(author.trim());
          }}
        >
          <input type="text" value={author} onChange={(e) => setAuthor(e.target.value)} aria-label={t(lang, 'workspace.author')} data-testid="author-name" />
          <button type="submit" disabled={!author.trim() || author.trim() === settings?.author} data-testid="author-save">
            {t(lang, 'review.save')}
          </button>
        </form>
        <p className="ws-hint muted">{t(lang, 'workspace.authorHint')}</p>
      </section>
    </div>
  );
}

export function ReviewFilterSelect() {
  const lang = useStore((s) => s.lang);
  const hasWorkspace = useStore((s) => s.workspace !== null);
  const filter = useStore((s) => s.reviewFilter);
  const setFilter = useStore((s) => s.setReviewFilter);
  if (!hasWorkspace) return null;
  return (
    <label className="tb-field review-filter" title={t(lang, 'filter.review')}>
      <select aria-label={t(lang, 'filter.review')} value={filter} onChange={(e) => setFilter(e.target.value as ReviewFilter)} data-testid="review-filter">
        <option value="all">{t(lang, 'filter.review.all')}</option>
        <option value="annotated">{t(lang, 'filter.review.annotated')}</option>
        <option value="concerns">{t(lang, 'filter.review.concerns')}</option>
      </select>
    </label>
  );
}

function noticeText(n: WorkspaceNotice, lang: 'zh-CN' | 'en'): string {
  const key = `notice.${n.code}`;
  // The store's English message has the details (file names, counts); the Chinese UI gets a summary first.
  return lang === 'zh-CN' && hasMessage(key) ? `${t(lang, key)}（${n.message}）` : n.message;
}

/** Workspace notices as a dismissable bar above the grid. */
export function NoticeBar() {
  const lang = useStore((s) => s.lang);
  const notices = useStore((s) => s.workspace?.notices);
  const dismissed = useStore((s) => s.dismissedNotices);
  const dismiss = useStore((s) => s.dismissNotice);
  const open = (notices ?? []).filter((n) => !dismissed.includes(n.message));
  if (open.length === 0) return null;
  return (
    <div className="notice-bar" role="status" data-testid="notice-bar">
      {open.map((n) => (
        <div className="notice" key={n.message} data-code={n.code}>
          <strong>{t(lang, 'notice.title')}</strong>
          <span className="notice-text">{noticeText(n, lang)}</span>
          <button type="button" onClick={() => dismiss(n.message)}>
            {t(lang, 'notice.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
