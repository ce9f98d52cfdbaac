// UI slice: toasts, import jobs and their per-file progress, drag state, dialogs, panel width.
import type { StateCreator } from 'zustand';
import type { AnalysisProgress } from '../../shared/contract';
import type { AnalysisErrorCode } from '../../shared/types';
import type { MessageKey } from '../i18n';
import type { Store } from './index';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: MessageKey;
  vars?: Record<string, string | number>;
  /** The reason as the service reported it. */
  message?: string;
  hint?: MessageKey;
  /** For a file that could not be analyzed: its AnalysisErrorCode (the localized reason and next step). */
  code?: AnalysisErrorCode;
}

export type FileStatus = 'queued' | AnalysisProgress['status'];

export interface JobFile {
  name: string;
  status: FileStatus;
  /** The engine's (English) message, and its code, for a failed or cancelled file. */
  message?: string;
  code?: AnalysisErrorCode;
}

export interface Job {
  jobId: string;
  files: JobFile[];
  finished: boolean;
}

export type Dialog = { kind: 'rename'; policyId: string } | { kind: 'remove'; policyId: string } | null;

export interface UiSlice {
  host: 'electron' | 'browser' | null;
  loading: boolean;
  toasts: Toast[];
  jobs: Job[];
  dragging: boolean;
  appsMenuOpen: boolean;
  dialog: Dialog;
  panelWidth: number;
  setHost(host: 'electron' | 'browser'): void;
  setLoading(loading: boolean): void;
  pushToast(t: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
  startJob(jobId: string, names: string[]): void;
  applyProgress(p: AnalysisProgress): void;
  finishJob(jobId: string): void;
  dropJob(jobId: string): void;
  setDragging(dragging: boolean): void;
  setAppsMenuOpen(open: boolean): void;
  openDialog(d: Dialog): void;
  setPanelWidth(w: number): void;
}

let toastSeq = 0;

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set) => ({
  host: null,
  loading: true,
  toasts: [],
  jobs: [],
  dragging: false,
  appsMenuOpen: false,
  dialog: null,
  panelWidth: 460,
  setHost: (host) => set({ host }),
  setLoading: (loading) => set({ loading }),
  pushToast: (t) => set((s) => ({ toasts: [...s.toasts.slice(-5), { ...t, id: ++toastSeq }] })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  startJob: (jobId, names) =>
    set((s) => ({ jobs: [...s.jobs, { jobId, files: names.map((name) => ({ name, status: 'queued' })), finished: false }] })),
  applyProgress: (p) =>
    set((s) => {
      let found = false;
      const jobs = s.jobs.map((j) => {
        if (j.jobId !== p.jobId) return j;
        found = true;
        const files = [...j.files];
        while (files.length < p.total) files.push({ name: '', status: 'queued' });
        files[p.index - 1] = { name: p.file, status: p.status, message: p.error?.message, code: p.error?.code };
        return { ...j, files };
      });
      return found ? { jobs } : {};
    }),
  finishJob: (jobId) => set((s) => ({ jobs: s.jobs.map((j) => (j.jobId === jobId ? { ...j, finished: true } : j)) })),
  dropJob: (jobId) => set((s) => ({ jobs: s.jobs.filter((j) => j.jobId !== jobId) })),
  setDragging: (dragging) => set({ dragging }),
  setAppsMenuOpen: (appsMenuOpen) => set({ appsMenuOpen }),
  openDialog: (dialog) => set({ dialog }),
  setPanelWidth: (w) => set({ panelWidth: Math.round(Math.min(Math.max(w, 320), Math.max(360, window.innerWidth * 0.7))) }),
});
