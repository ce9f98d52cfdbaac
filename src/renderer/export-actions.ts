// Exporting a comparison report: what is in view, the call, and the download (host) or the saved file (Electron).
import type { ReportExportResult, ReportFormat } from '../shared/contract-export';
import { GRID_ROWS, selectDiffering, selectVisiblePolicies } from './store/selectors';
import { selectReviewRows } from './store/review';
import { api, errorInfo } from './api';
import { useStore, type Store } from './store';

export type ExportScope = 'view' | 'all';

/** The attribute rows the grid shows now, in grid order (category filter, "only rows that differ", notes filter). */
export function rowsInView(s: Store): string[] {
  const differing = s.onlyDiffer ? selectDiffering(s) : null;
  const review = selectReviewRows(s);
  const out: string[] = [];
  for (const row of GRID_ROWS) {
    if (row.kind !== 'attr') continue;
    if (s.categoryFilter !== 'all' && row.category !== s.categoryFilter) continue;
    if (differing && !differing.has(row.attributeId)) continue;
    if (review && !review.has(row.attributeId)) continue;
    out.push(row.attributeId);
  }
  return out;
}

/** Saves bytes the host returned, through a Blob URL and a download link made here (CSP allows both). */
export function downloadFile(fileName: string, mime: string, dataBase64: string): void {
  const bin = atob(dataBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: Chromium reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Runs one export and tells the reviewer how it went; resolves to the result (undefined on failure). */
export async function exportComparison(format: ReportFormat, scope: ExportScope, title?: string): Promise<ReportExportResult | undefined> {
  const s = useStore.getState();
  const request = {
    format,
    scope,
    policyIds: selectVisiblePolicies(s).map((p) => p.id),
    ...(scope === 'view' ? { attributeIds: rowsInView(s) } : {}),
    lang: s.lang === 'zh-CN' ? ('zh' as const) : ('en' as const),
    ...(title?.trim() ? { title: title.trim() } : {}),
  };
  if (scope === 'all') request.policyIds = [...request.policyIds, ...s.order.filter((id) => !request.policyIds.includes(id))];
  try {
    const result = await api.call('report-export', request);
    if ('dataBase64' in result) {
      downloadFile(result.fileName, result.mime, result.dataBase64);
      useStore.getState().pushToast({ kind: 'info', title: 'export.done', vars: { file: result.fileName } });
    } else if ('savedTo' in result) {
      useStore.getState().pushToast({ kind: 'info', title: 'export.saved', vars: { file: result.savedTo } });
    }
    return result;
  } catch (e) {
    const { message } = errorInfo(e);
    useStore.getState().pushToast({ kind: 'error', title: 'export.failed', message });
    return undefined;
  }
}
