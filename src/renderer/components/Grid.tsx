// The comparison grid: attributes × apps, category header rows that collapse, filters as an external filter.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  themeQuartz,
  type CellClickedEvent,
  type CellKeyDownEvent,
  type ColDef,
  type ColumnMovedEvent,
  type FullWidthCellKeyDownEvent,
  type GetRowIdParams,
  type IRowNode,
  type IsFullWidthRowParams,
  type RowHeightParams,
} from 'ag-grid-community';
import { getAttribute } from '../../shared/taxonomy';
import type { CheckBrief, GridCell, PolicySummary } from '../../shared/types';
import { label, t } from '../i18n';
import { useStore, type Store } from '../store';
import { selectDiffering, selectDifferingChecks, selectGridRows, selectVisiblePolicies, type RowData } from '../store/selectors';
import { selectReviewRows } from '../store/review';
import { AppHeader, AttributeCell, GroupRow, ValueCell } from './cells';
import { CheckCell } from './checks';

// Calm, dense, readable: the grid's look in one place (AG Grid Theming API, no CSS theme files).
const theme = themeQuartz.withParams({
  fontFamily: ['PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'system-ui', 'sans-serif'],
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  spacing: 6,
  wrapperBorderRadius: 0,
  wrapperBorder: false,
  accentColor: '#2f5d8a',
  foregroundColor: '#1f2933',
  backgroundColor: '#ffffff',
  headerBackgroundColor: '#f4f6f8',
  borderColor: '#dde2e8',
  rowHoverColor: '#f3f7fb',
  columnBorder: true,
  cellHorizontalPadding: 10,
});

const ROW_HEIGHTS: Record<string, number> = {
  'collection.data_types': 108,
  'sharing.named_recipients': 84,
};
/** Check rows: room for a rule title on three lines beside its severity marker (English titles are long). */
const CHECK_ROW_HEIGHT = 58;

// Grid callbacks that need nothing from the component: stable, so a re-render does not hand AG Grid new options.
const getRowId = (p: GetRowIdParams<RowData>) => p.data.id;
const getRowHeight = (p: RowHeightParams<RowData>) =>
  p.data?.kind === 'group' ? 34 : p.data?.kind === 'check' ? CHECK_ROW_HEIGHT : ((p.data && ROW_HEIGHTS[p.data.id]) ?? 38);
const isFullWidthRow = (p: IsFullWidthRowParams<RowData>) => p.rowNode.data?.kind === 'group';

/**
 * Rows AG Grid renders beyond the viewport's top and bottom edges (rowBuffer, in rows of the default height; AG
 * Grid's default is 10). Every rendered row mounts a cell for each column that scrolls into view, and with only
 * ~35 rows the default kept every row below the fold rendered: at 500 apps that was about a third of each
 * horizontal scroll frame's main-thread work (issue 10). 3 rows (≈ 120 px) still cover a wheel step either way.
 */
const ROW_BUFFER = 3;

/** What an app's column definition is made of. */
interface AppColumn {
  id: string;
  app: string;
}
let lastVisible: PolicySummary[] | null = null;
let lastColumns: AppColumn[] = [];
/**
 * The visible apps' columns, the same array while their ids, names and order stay the same (issue 10). Checks,
 * version chains and every matrix refresh arrive as new objects with the same columns; rebuilding 500 column
 * definitions for them made AG Grid re-process every column (40-90 ms in one task, a dropped frame or three when it
 * landed while the reviewer scrolled, e.g. the checks arriving just after the grid first showed).
 */
function selectAppColumns(s: Store): AppColumn[] {
  const visible = selectVisiblePolicies(s);
  if (visible === lastVisible) return lastColumns;
  lastVisible = visible;
  const same = visible.length === lastColumns.length && visible.every((p, i) => p.id === lastColumns[i]!.id && p.app === lastColumns[i]!.app);
  if (!same) lastColumns = visible.map((p) => ({ id: p.id, app: p.app }));
  return lastColumns;
}

// Values come from the store when AG Grid asks (the column definitions do not change with the data); the grid
// effect below calls refreshCells when the matrix or the checks change, and AG Grid's change detection re-renders
// the cells whose value changed.
const cellOf = (policyId: string, attributeId: string): GridCell | undefined => useStore.getState().matrix?.cells[policyId]?.[attributeId];
const checkOf = (policyId: string, ruleId: string): CheckBrief | undefined => useStore.getState().checks?.results[policyId]?.[ruleId];

export function Grid() {
  const gridRef = useRef<AgGridReact<RowData>>(null);
  const lang = useStore((s) => s.lang);
  const matrix = useStore((s) => s.matrix);
  const columns = useStore(selectAppColumns);
  const collapsed = useStore((s) => s.collapsed);
  const categoryFilter = useStore((s) => s.categoryFilter);
  const onlyDiffer = useStore((s) => s.onlyDiffer);
  const differing = useStore(selectDiffering);
  const checks = useStore((s) => s.checks);
  const rows = useStore(selectGridRows);
  const differingChecks = useStore(selectDifferingChecks);
  const reviewRows = useStore(selectReviewRows);
  const selectCheck = useStore((s) => s.selectCheck);
  const select = useStore((s) => s.select);
  const toggleCollapsed = useStore((s) => s.toggleCollapsed);
  const reorderVisible = useStore((s) => s.reorderVisible);

  // The filter callbacks read the latest view state through a ref; onFilterChanged re-runs them.
  const view = useRef({ collapsed, categoryFilter, onlyDiffer, differing, differingChecks, reviewRows });
  view.current = { collapsed, categoryFilter, onlyDiffer, differing, differingChecks, reviewRows };
  useEffect(() => {
    gridRef.current?.api?.onFilterChanged();
  }, [collapsed, categoryFilter, onlyDiffer, differing, differingChecks, rows, reviewRows]);

  const columnDefs = useMemo<ColDef<RowData>[]>(
    () => [
      {
        colId: 'attribute',
        headerName: t(lang, 'grid.attribute'),
        pinned: 'left',
        lockPinned: true,
        suppressMovable: true,
        width: 220,
        minWidth: 160,
        resizable: true,
        cellRenderer: AttributeCell,
        valueGetter: (p) => {
          const attr = p.data?.kind === 'attr' ? getAttribute(p.data.attributeId) : undefined;
          return attr ? label(lang, attr.label) : '';
        },
      },
      ...columns.map(
        (p): ColDef<RowData> => ({
          colId: p.id,
          headerName: p.app,
          headerComponent: AppHeader,
          headerComponentParams: { policyId: p.id },
          cellRenderer: ValueCell,
          cellRendererParams: { policyId: p.id },
          // Check rows render their own cell (pass / flag / not applicable) from the checks' results.
          cellRendererSelector: (params) => (params.data?.kind === 'check' ? { component: CheckCell, params: { policyId: p.id } } : undefined),
          valueGetter: (params): GridCell | CheckBrief | undefined =>
            params.data?.kind === 'attr'
              ? cellOf(p.id, params.data.attributeId)
              : params.data?.kind === 'check'
                ? checkOf(p.id, params.data.ruleId)
                : undefined,
          flex: 1,
          minWidth: 190,
          resizable: true,
        }),
      ),
    ],
    [lang, columns],
  );

  // New data, same columns: AG Grid compares each rendered cell's value with the one it shows and re-renders those
  // that differ (an override, a re-analysed policy, new check results).
  useEffect(() => {
    gridRef.current?.api?.refreshCells();
  }, [matrix, checks]);

  const isExternalFilterPresent = useCallback(() => true, []);
  const doesExternalFilterPass = useCallback((node: IRowNode<RowData>) => {
    const d = node.data;
    if (!d) return true;
    const v = view.current;
    if (v.categoryFilter !== 'all' && d.category !== v.categoryFilter) return false;
    if (d.kind === 'group') return true;
    if (v.collapsed[d.category]) return false;
    if (v.onlyDiffer && !(d.kind === 'check' ? v.differingChecks.has(d.ruleId) : v.differing.has(d.attributeId))) return false;
    if (v.reviewRows && !(d.kind === 'attr' && v.reviewRows.has(d.attributeId))) return false;
    return true;
  }, []);

  const onCellClicked = useCallback(
    (e: CellClickedEvent<RowData>) => {
      const colId = e.column.getColId();
      if (e.data?.kind === 'attr' && colId !== 'attribute') select(colId, e.data.attributeId);
      else if (e.data?.kind === 'check' && colId !== 'attribute') selectCheck(colId, e.data.ruleId);
    },
    [select, selectCheck],
  );

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<RowData> | FullWidthCellKeyDownEvent<RowData>) => {
      const ke = e.event as KeyboardEvent | null | undefined;
      if (!ke || (ke.key !== 'Enter' && ke.key !== ' ')) return;
      const d = e.data;
      if (d?.kind === 'group') {
        ke.preventDefault();
        toggleCollapsed(d.category);
      } else if (d?.kind === 'attr' && 'column' in e && ke.key === 'Enter') {
        const colId = e.column.getColId();
        if (colId !== 'attribute') select(colId, d.attributeId);
      } else if (d?.kind === 'check' && 'column' in e && ke.key === 'Enter') {
        const colId = e.column.getColId();
        if (colId !== 'attribute') selectCheck(colId, d.ruleId);
      }
    },
    [select, selectCheck, toggleCollapsed],
  );

  const onColumnMoved = useCallback(
    (e: ColumnMovedEvent<RowData>) => {
      if (!e.finished) return;
      const ids = e.api
        .getAllDisplayedColumns()
        .map((c) => c.getColId())
        .filter((id) => id !== 'attribute');
      reorderVisible(ids);
    },
    [reorderVisible],
  );

  return (
    <div className="pb-grid" data-testid="grid">
      <AgGridReact<RowData>
        ref={gridRef}
        theme={theme}
        rowData={rows}
        columnDefs={columnDefs}
        getRowId={getRowId}
        getRowHeight={getRowHeight}
        headerHeight={40}
        isFullWidthRow={isFullWidthRow}
        fullWidthCellRenderer={GroupRow}
        isExternalFilterPresent={isExternalFilterPresent}
        doesExternalFilterPass={doesExternalFilterPass}
        onCellClicked={onCellClicked}
        onCellKeyDown={onCellKeyDown}
        onColumnMoved={onColumnMoved}
        suppressDragLeaveHidesColumns
        animateRows={false}
        rowBuffer={ROW_BUFFER}
        enableCellTextSelection={false}
      />
    </div>
  );
}
