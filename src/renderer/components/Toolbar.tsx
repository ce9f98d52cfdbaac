// The toolbar: every button is a registered command; search is debounced into the store.
import { useEffect, useRef, useState } from 'react';
import { GRID_CATEGORY_IDS, getCategory } from '../../shared/taxonomy';
import { ensureAllAnalyses } from '../actions';
import { getCommand, registerFocusable, shortcutLabel } from '../commands';
import { label, t } from '../i18n';
import { useStore } from '../store';
import type { RowGroupId } from '../store/grid';
import { selectSearchHits } from '../store/selectors';
import { AppsMenu } from './AppsMenu';
import { ExportMenu } from './ExportMenu';
import { ReviewFilterSelect, WorkspaceMenu } from './WorkspaceMenu';

export function CommandButton(props: { id: string; className?: string; children?: React.ReactNode }) {
  const cmd = getCommand(props.id);
  const lang = useStore((s) => s.lang);
  const enabled = useStore((s) => cmd.enabled(s));
  const checked = useStore((s) => (cmd.checked ? cmd.checked(s) : undefined));
  const shortcut = cmd.shortcuts[0];
  const title = t(lang, cmd.title ?? cmd.label) + (shortcut ? ` (${shortcutLabel(shortcut)})` : '');
  return (
    <button
      type="button"
      className={`tb-button ${props.className ?? ''} ${checked ? 'is-on' : ''}`}
      disabled={!enabled}
      aria-pressed={checked}
      title={title}
      data-command={cmd.id}
      onClick={() => cmd.perform(useStore.getState())}
    >
      {props.children ?? t(lang, cmd.label)}
    </button>
  );
}

function SearchBox() {
  const lang = useStore((s) => s.lang);
  const setSearchQuery = useStore((s) => s.setSearchQuery);
  const query = useStore((s) => s.searchQuery);
  const total = useStore((s) => Object.values(selectSearchHits(s)).reduce((a, b) => a + b, 0));
  const loaded = useStore((s) => Object.keys(s.analyses).length >= (s.matrix?.policies.length ?? 0));
  const [text, setText] = useState(query);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => registerFocusable('search', inputRef.current), []);
  useEffect(() => {
    const q = text.trim();
    const timer = setTimeout(() => {
      setSearchQuery(q);
      if (q) void ensureAllAnalyses();
    }, 220);
    return () => clearTimeout(timer);
  }, [text, setSearchQuery]);

  return (
    <div className="tb-search">
      <input
        ref={inputRef}
        type="search"
        value={text}
        placeholder={t(lang, 'search.placeholder')}
        aria-label={t(lang, 'cmd.search')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setText('');
        }}
        data-testid="search"
      />
      {query && (
        <span className="tb-search-count" data-testid="search-total">
          {loaded ? t(lang, 'search.hits', { n: total }) : t(lang, 'search.loading')}
        </span>
      )}
    </div>
  );
}

export function Toolbar() {
  const lang = useStore((s) => s.lang);
  const categoryFilter = useStore((s) => s.categoryFilter);
  const setCategoryFilter = useStore((s) => s.setCategoryFilter);
  const appsMenuOpen = useStore((s) => s.appsMenuOpen);
  const workspaceMenuOpen = useStore((s) => s.workspaceMenuOpen);
  const workspaceName = useStore((s) => s.workspace?.name);
  const hasChecks = useStore((s) => (s.checks?.rules.length ?? 0) > 0);
  return (
    <header className="toolbar" role="toolbar" aria-label="PolicyBench">
      <div className="brand" title={t(lang, 'app.title')}>
        PolicyBench
      </div>
      <CommandButton id="files-open" className="primary" />
      {workspaceName !== undefined && (
        <div className="tb-menu-anchor">
          <CommandButton id="workspace-menu-toggle">
            <span className="ws-button-label">{workspaceName}</span> ▾
          </CommandButton>
          {workspaceMenuOpen && <WorkspaceMenu />}
        </div>
      )}
      <span className="tb-sep" />
      <SearchBox />
      <label className="tb-field">
        <span>{t(lang, 'filter.category')}</span>
        <select
          value={categoryFilter}
          onChange={(e) => setCategoryFilter(e.target.value as RowGroupId | 'all')}
          data-testid="category-filter"
        >
          <option value="all">{t(lang, 'filter.allCategories')}</option>
          {GRID_CATEGORY_IDS.map((id) => (
            <option key={id} value={id}>
              {label(lang, getCategory(id)!.label)}
            </option>
          ))}
          {(hasChecks || categoryFilter === 'checks') && <option value="checks">{t(lang, 'checks.group')}</option>}
        </select>
      </label>
      <CommandButton id="rows-differ-toggle" className="toggle" />
      <ReviewFilterSelect />
      <CommandButton id="groups-collapse-all" />
      <CommandButton id="groups-expand-all" />
      <div className="tb-menu-anchor">
        <CommandButton id="apps-menu-toggle">{t(lang, 'cmd.apps')} ▾</CommandButton>
        {appsMenuOpen && <AppsMenu />}
      </div>
      <span className="tb-spacer" />
      <ExportMenu />
      <CommandButton id="language-toggle" className="lang" />
    </header>
  );
}
