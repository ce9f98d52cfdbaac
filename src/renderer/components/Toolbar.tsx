// The toolbar: every button is a registered command; search is debounced into the store.
// It stays one row at 1400-1440 px in both languages: collapse/expand all are icons (label kept for screen
// readers, tooltip for the eye), and below 1360 px (styles.css) the brand, the "Category" caption and the
// "only rows that differ" text give way to their icon/tooltip. Every command stays a focusable button.
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

export function CommandButton(props: {
  id: string;
  className?: string;
  /** A glyph shown before the label (aria-hidden); the label stays the button's accessible name. */
  icon?: React.ReactNode;
  /** Show only the icon; the label is visually hidden but still read by screen readers. */
  iconOnly?: boolean;
  children?: React.ReactNode;
}) {
  const cmd = getCommand(props.id);
  const lang = useStore((s) => s.lang);
  const enabled = useStore((s) => cmd.enabled(s));
  const checked = useStore((s) => (cmd.checked ? cmd.checked(s) : undefined));
  const shortcut = cmd.shortcuts[0];
  const text = t(lang, cmd.label);
  const title = t(lang, cmd.title ?? cmd.label) + (shortcut ? ` (${shortcutLabel(shortcut)})` : '');
  const content = props.icon ? (
    <>
      <span className="tb-icon" aria-hidden="true">
        {props.icon}
      </span>
      <span className={props.iconOnly ? 'sr-only' : 'tb-label'}>{text}</span>
    </>
  ) : (
    (props.children ?? text)
  );
  const classes = ['tb-button', props.className, props.icon ? (props.iconOnly ? 'icon-only' : 'has-icon') : undefined, checked ? 'is-on' : undefined];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      disabled={!enabled}
      aria-pressed={checked}
      aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
      title={title}
      data-command={cmd.id}
      onClick={() => cmd.perform(useStore.getState())}
    >
      {content}
    </button>
  );
}

/** "Mod+O" → "Control+O" (or "Meta+O" on macOS), the form aria-keyshortcuts wants. */
function ariaShortcut(shortcut: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  return shortcut.replace(/^Mod\+/, mac ? 'Meta+' : 'Control+');
}

/** Small line icons (currentColor, 16 px) for the commands shown as icons: the tree's ⊟ / ⊞ convention. */
const ICONS = {
  collapseAll: 'M5.5 8h5',
  expandAll: 'M5.5 8h5M8 5.5v5',
} as const;
function Icon(props: { name: keyof typeof ICONS }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" focusable="false">
      <rect x="2.5" y="2.5" width="11" height="11" rx="2" />
      <path d={ICONS[props.name]} />
    </svg>
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
        <span className="tb-caption">{t(lang, 'filter.category')}</span>
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
      <CommandButton id="rows-differ-toggle" className="toggle" icon="≠" />
      <ReviewFilterSelect />
      <CommandButton id="groups-collapse-all" icon={<Icon name="collapseAll" />} iconOnly />
      <CommandButton id="groups-expand-all" icon={<Icon name="expandAll" />} iconOnly />
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
