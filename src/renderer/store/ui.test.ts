// The UI slice keeps, per file of an import job, what the progress events said: its status, and for a file that
// could not be analyzed the engine's message and its error code (the progress panel explains the code in the
// UI language and folds the message away as a detail).
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AnalysisProgress } from '../../shared/contract';
import type { Store } from './index';
import { createUiSlice } from './ui';

function uiStore() {
  return createStore<Store>()((...a) => createUiSlice(...a) as Store);
}

const progress = (p: Partial<AnalysisProgress>): AnalysisProgress => ({ jobId: 'j1', file: 'a.txt', index: 1, total: 2, status: 'started', ...p });

describe('applyProgress', () => {
  it('keeps a failed file’s error code beside its message', () => {
    const store = uiStore();
    store.getState().startJob('j1', ['a.txt', 'b.txt']);
    store.getState().applyProgress(progress({ status: 'done' }));
    store.getState().applyProgress(
      progress({ file: 'b.txt', index: 2, status: 'failed', error: { file: 'b.txt', code: 'binary', message: 'b.txt looks like a binary file (PNG image)' } }),
    );
    expect(store.getState().jobs[0]?.files).toEqual([
      { name: 'a.txt', status: 'done', message: undefined, code: undefined },
      { name: 'b.txt', status: 'failed', message: 'b.txt looks like a binary file (PNG image)', code: 'binary' },
    ]);
  });

  it('forgets the code when the same file is reported again without an error, and ignores unknown jobs', () => {
    const store = uiStore();
    store.getState().startJob('j1', ['a.txt']);
    store.getState().applyProgress(progress({ total: 1, status: 'failed', error: { file: 'a.txt', code: 'timeout', message: 'took too long' } }));
    store.getState().applyProgress(progress({ total: 1, status: 'done' }));
    expect(store.getState().jobs[0]?.files[0]).toMatchObject({ status: 'done', code: undefined, message: undefined });
    const before = store.getState().jobs;
    store.getState().applyProgress(progress({ jobId: 'other', status: 'failed', error: { file: 'a.txt', code: 'empty', message: 'empty' } }));
    expect(store.getState().jobs).toBe(before);
  });
});

describe('pushToast', () => {
  it('carries the error code of a failed file', () => {
    const store = uiStore();
    store.getState().pushToast({ kind: 'error', title: 'toast.failedFile', vars: { file: 'x.txt' }, message: 'm', hint: 'hint.binary', code: 'binary' });
    expect(store.getState().toasts.at(-1)).toMatchObject({ title: 'toast.failedFile', code: 'binary', hint: 'hint.binary' });
  });
});
