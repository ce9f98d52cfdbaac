// The workbench window: toolbar, grid, evidence panel, status bar, and whole-window drag-and-drop.
import { useEffect, useRef } from 'react';
import { importPicked, registerFilePicker } from '../actions';
import { handleKeyDown } from '../commands';
import { collectDropped } from '../files';
import { t } from '../i18n';
import { useStore } from '../store';
import { DropOverlay, ProgressPanel, StatusBar, Toasts } from './Chrome';
import { NoticeBar } from './WorkspaceMenu';
import { Dialogs } from './Dialogs';
import { CheckPanel } from './CheckPanel';
import { EvidencePanel } from './EvidencePanel';
import { Grid } from './Grid';
import { Toolbar } from './Toolbar';
import { VersionPromptDialog } from './Versions';
import { VersionCompare } from './VersionCompare';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

function useWindowDrop(): void {
  const setDragging = useStore((s) => s.setDragging);
  const depth = useRef(0);
  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      // Always prevent the default: a file dropped outside a target must never navigate the window.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = hasFiles(e) ? 'copy' : 'none';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      if (!e.dataTransfer) return;
      void collectDropped(e.dataTransfer).then(importPicked);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [setDragging]);
}

function EmptyState() {
  const lang = useStore((s) => s.lang);
  return (
    <div className="empty-state">
      <p>{t(lang, 'grid.empty')}</p>
    </div>
  );
}

export function App() {
  const lang = useStore((s) => s.lang);
  const hasPolicies = useStore((s) => (s.matrix?.policies.length ?? 0) > 0);
  const loading = useStore((s) => s.loading);
  const selection = useStore((s) => s.selection);
  useWindowDrop();

  useEffect(() => {
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);
  useEffect(() => {
    document.title = t(lang, 'app.title');
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <div className="app" data-ready={!loading} data-lang={lang}>
      <Toolbar />
      <NoticeBar />
      <main className="workspace">
        {hasPolicies ? <Grid /> : loading ? <div className="empty-state" /> : <EmptyState />}
        {selection && (selection.ruleId ? <CheckPanel /> : <EvidencePanel />)}
      </main>
      <StatusBar />
      <ProgressPanel />
      <Toasts />
      <DropOverlay />
      <Dialogs />
      <VersionPromptDialog />
      <VersionCompare />
      <input
        ref={registerFilePicker}
        type="file"
        multiple
        hidden
        accept=".txt,.md,.markdown,.html,.htm,.pdf,.docx,text/plain,text/html,application/pdf"
        data-testid="file-input"
        onChange={(e) => {
          const input = e.currentTarget;
          const files = Array.from(input.files ?? []).map((file) => ({ file, relativePath: file.name }));
          input.value = '';
          void importPicked(files);
        }}
      />
    </div>
  );
}
