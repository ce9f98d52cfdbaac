// The command registry: toolbar buttons, menus and keyboard shortcuts all read these objects.
import { ROW_GROUP_IDS } from './store/grid';
import { selectedEvidence } from './store/selectors';
import { openFiles } from './actions';
import type { MessageKey } from './i18n';
import { setSelectedStatus, undoEdit } from './review-actions';
import type { AnnotationStatus } from '../shared/types';
import { useStore, type Store } from './store';

export interface Command {
  id: string;
  label: MessageKey;
  /** Tooltip; defaults to the label. */
  title?: MessageKey;
  /** e.g. "Mod+O" (Mod = Ctrl, or ⌘ on macOS), "]", "Escape". */
  shortcuts: string[];
  /** Shortcut also fires while typing in a text field. */
  inInputs?: boolean;
  enabled(s: Store): boolean;
  /** For toggles: whether it is on. */
  checked?(s: Store): boolean;
  perform(s: Store): void;
}

const focusables: Record<string, HTMLElement | null> = {};
export function registerFocusable(name: 'search', el: HTMLElement | null): void {
  focusables[name] = el;
}

const evidenceCount = (s: Store): number => selectedEvidence(s).length;

export const COMMANDS: Command[] = [
  {
    id: 'files-open',
    label: 'cmd.open',
    title: 'cmd.open.title',
    shortcuts: ['Mod+O'],
    inInputs: true,
    enabled: () => true,
    perform: () => void openFiles(),
  },
  {
    id: 'search-focus',
    label: 'cmd.search',
    shortcuts: ['Mod+F'],
    inInputs: true,
    enabled: () => true,
    perform: () => {
      const el = focusables.search;
      if (el instanceof HTMLInputElement) {
        el.focus();
        el.select();
      }
    },
  },
  {
    id: 'rows-differ-toggle',
    label: 'cmd.onlyDiffer',
    shortcuts: ['Alt+D'],
    enabled: (s) => (s.matrix?.policies.length ?? 0) > 1,
    checked: (s) => s.onlyDiffer,
    perform: (s) => s.toggleOnlyDiffer(),
  },
  {
    id: 'apps-menu-toggle',
    label: 'cmd.apps',
    title: 'cmd.apps.title',
    shortcuts: ['Alt+A'],
    enabled: (s) => (s.matrix?.policies.length ?? 0) > 0,
    checked: (s) => s.appsMenuOpen,
    perform: (s) => s.setAppsMenuOpen(!s.appsMenuOpen),
  },
  {
    id: 'groups-expand-all',
    label: 'cmd.expandAll',
    shortcuts: [],
    enabled: (s) => Object.keys(s.collapsed).length > 0,
    perform: (s) => s.setAllCollapsed(false),
  },
  {
    id: 'groups-collapse-all',
    label: 'cmd.collapseAll',
    shortcuts: [],
    enabled: (s) => Object.keys(s.collapsed).length < ROW_GROUP_IDS.length,
    perform: (s) => s.setAllCollapsed(true),
  },
  {
    id: 'language-toggle',
    label: 'cmd.language',
    title: 'cmd.language.title',
    shortcuts: ['Alt+L'],
    inInputs: true,
    enabled: () => true,
    perform: (s) => s.setLang(s.lang === 'zh-CN' ? 'en' : 'zh-CN'),
  },
  {
    id: 'evidence-next',
    label: 'cmd.evidenceNext',
    shortcuts: [']', 'F8'],
    enabled: (s) => evidenceCount(s) > 1,
    perform: (s) => s.stepEvidence(1, evidenceCount(s)),
  },
  {
    id: 'evidence-prev',
    label: 'cmd.evidencePrev',
    shortcuts: ['[', 'Shift+F8'],
    enabled: (s) => evidenceCount(s) > 1,
    perform: (s) => s.stepEvidence(-1, evidenceCount(s)),
  },
  {
    id: 'evidence-close',
    label: 'cmd.evidenceClose',
    shortcuts: ['Escape'],
    enabled: (s) => s.selection !== null && s.dialog === null && !s.appsMenuOpen && !s.workspaceMenuOpen,
    perform: (s) => s.closeEvidence(),
  },
  // Redo before undo: Mod+Shift+Z must not be taken by undo's Mod+Z.
  {
    id: 'edit-redo',
    label: 'cmd.redo',
    title: 'cmd.redo.title',
    shortcuts: ['Mod+Shift+Z', 'Mod+Y'],
    enabled: (s) => s.workspace?.canRedo === true,
    perform: () => void undoEdit(true),
  },
  {
    id: 'edit-undo',
    label: 'cmd.undo',
    title: 'cmd.undo.title',
    shortcuts: ['Mod+Z'],
    enabled: (s) => s.workspace?.canUndo === true,
    perform: () => void undoEdit(false),
  },
  statusCommand('status-ok', 'ok', 'cmd.statusOk', '1'),
  statusCommand('status-concern', 'concern', 'cmd.statusConcern', '2'),
  statusCommand('status-violation', 'violation', 'cmd.statusViolation', '3'),
  statusCommand('status-follow-up', 'follow_up', 'cmd.statusFollowUp', '4'),
  {
    id: 'workspace-menu-toggle',
    label: 'cmd.workspace',
    title: 'cmd.workspace.title',
    shortcuts: ['Alt+W'],
    enabled: (s) => s.workspace !== null,
    checked: (s) => s.workspaceMenuOpen,
    perform: (s) => s.setWorkspaceMenuOpen(!s.workspaceMenuOpen),
  },
];

/** Sets the status of the reviewer's note on the selected cell (adding one when there is none). */
function statusCommand(id: string, status: AnnotationStatus, label: MessageKey, key: string): Command {
  return {
    id,
    label,
    shortcuts: [key],
    enabled: (s) => s.workspace !== null && s.selection !== null && !s.selection.ruleId && s.dialog === null,
    perform: () => void setSelectedStatus(status),
  };
}

const byId = new Map(COMMANDS.map((c) => [c.id, c]));
export function getCommand(id: string): Command {
  const c = byId.get(id);
  if (!c) throw new Error(`Unknown command ${id}`);
  return c;
}

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

export function matches(shortcut: string, e: KeyboardEvent): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (mods.has('Mod') !== mod) return false;
  if (mods.has('Alt') !== e.altKey) return false;
  if (mods.has('Shift') !== e.shiftKey && key.length > 1) return false;
  if (mods.has('Shift') && !e.shiftKey) return false;
  // e.code for Alt+letter (Alt changes e.key on macOS); e.key otherwise.
  if (key.length === 1 && /[A-Z]/.test(key)) return e.code === `Key${key}`;
  return e.key === key;
}

export function shortcutLabel(shortcut: string): string {
  return shortcut.replace('Mod', isMac ? '⌘' : 'Ctrl').replace('Alt', isMac ? '⌥' : 'Alt');
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** The window's keydown handler: runs the first enabled command whose shortcut matches. */
export function handleKeyDown(e: KeyboardEvent): void {
  const s = useStore.getState();
  for (const c of COMMANDS) {
    if (!c.shortcuts.some((k) => matches(k, e))) continue;
    if (typing(e.target) && !c.inInputs) continue;
    if (!c.enabled(s)) continue;
    e.preventDefault();
    c.perform(s);
    return;
  }
}
