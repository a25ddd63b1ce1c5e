import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowSelectionState } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { OutreachStatus, ProspectRowsQuery, ProspectStage } from '../../gql/graphql';
import { formatDate, formatScore, OUTREACH_STATUSES, plural, STAGES } from '../../lib/format';
import './cardRows.css';
import { Link } from '../../lib/router';
import { Banner, Button, EmptyState, ErrorState, Field, Input, LoadingBlock, Select, StageBadge, StatusBadge, Table } from '../../ui';
import { SetOutreachStatus } from '../board/BoardPage';
import { ApproveDraft } from '../drafts/DraftEditor';
import { ComposeDrafts } from '../drafts/DraftsPage';
import { AddSuppression } from '../suppressions/SuppressionsPage';
import { jobPath } from '../jobs/JobRow';
import { defaultSort, emptyFilters, toVariables, type ProspectFilterState, type SortState } from './filters';
import { enrichAnswer, EnrichProspects } from './enrichment';
import { fieldErrorsOf, focusResult } from '../../lib/results';

export const ProspectRowsQueryDoc = graphql(`
  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {
    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges {
        cursor
        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** Column names shown in front of each value when rows become cards on a phone. */
const CARD_LABEL: Record<string, string> = { score: 'Score', stage: 'Stage', outreachStatus: 'Outreach', contactEmail: 'Email', lastSent: 'Last sent', createdAt: 'Added' };

type Row = ProspectRowsQuery['prospects']['edges'][number]['node'];
const PAGE = 50;
const col = createColumnHelper<Row>();

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => { const t = setTimeout(() => setV(value), ms); return () => clearTimeout(t); }, [value, ms]);
  return v;
}

export function ProspectsPage({ campaignId }: { campaignId: string }) {
  const [filters, setFilters] = useState<ProspectFilterState>(emptyFilters);
  const [sort, setSort] = useState<SortState>(defaultSort);
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bulkMessage, setBulkMessage] = useState<{ tone: 'ok' | 'warn' | 'danger'; text: string; jobId?: string } | null>(null);
  const bulkMessageRef = useRef<HTMLDivElement>(null);
  useEffect(() => { if (bulkMessage) focusResult(bulkMessageRef.current); }, [bulkMessage]);
  const [working, setWorking] = useState(false);
  const [, compose] = useMutation(ComposeDrafts);
  const [, enrich] = useMutation(EnrichProspects);
  const [, approve] = useMutation(ApproveDraft);
  const [, suppress] = useMutation(AddSuppression);
  const search = useDebounced(filters.search, 300);
  const vars = useMemo(() => toVariables(campaignId, { ...filters, search }, sort), [campaignId, filters, search, sort]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProspectRowsQueryDoc, variables: { first: PAGE, after, ...vars } });
  const [bulk, setStatus] = useMutation(SetOutreachStatus);
  const rows = useMemo(() => data?.prospects.edges.map((e) => e.node) ?? [], [data]);
  const minMaxError = Number(filters.minScore) > Number(filters.maxScore) && filters.maxScore !== '' && filters.minScore !== '' ? 'Minimum is above maximum.' : null;

  const update = (patch: Partial<ProspectFilterState>) => { setFilters((f) => ({ ...f, ...patch })); setAfter(undefined); setSelection({}); };
  const toggleSort = (field: SortState['field']) => {
    setSort((s) => (s.field === field ? { field, direction: s.direction === 'DESC' ? 'ASC' : 'DESC' } : { field, direction: 'DESC' }));
    setAfter(undefined);
  };

  const sortHeader = (label: string, field: SortState['field']) => {
    const active = sort.field === field;
    return (
      <button type="button" className="th-sort" onClick={() => toggleSort(field)}
        aria-label={`Sort by ${label}${active ? (sort.direction === 'DESC' ? ', sorted descending' : ', sorted ascending') : ''}`}>
        {label} <span aria-hidden="true">{active ? (sort.direction === 'DESC' ? '▼' : '▲') : '↕'}</span>
      </button>
    );
  };

  const columns = useMemo(() => [
    col.display({
      id: 'select',
      header: ({ table }) => <input type="checkbox" aria-label="Select all prospects on this page" checked={table.getIsAllRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />,
      cell: ({ row }) => <input type="checkbox" aria-label={`Select ${row.original.domain}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
    }),
    col.accessor('domain', {
      header: 'Site',
      cell: (c) => (
        <div className="stack-sm" style={{ gap: 0 }}>
          <Link to={`/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(c.row.original.id)}`}><strong>{c.getValue()}</strong></Link>
          <span className="small muted page-title-cell">{c.row.original.pageTitle ?? ''}</span>
        </div>
      ),
    }),
    col.accessor('score', { header: () => sortHeader('Score', 'SCORE'), cell: (c) => formatScore(c.getValue()) }),
    col.accessor('stage', { header: 'Stage', cell: (c) => <StageBadge stage={c.getValue()} /> }),
    col.accessor('outreachStatus', { header: 'Outreach', cell: (c) => <StatusBadge status={c.getValue()} /> }),
    col.accessor('contactEmail', { header: 'Email', cell: (c) => c.getValue() ?? <span className="muted">—</span> }),
    col.accessor('lastSent', { header: () => sortHeader('Last sent', 'LAST_SENT'), cell: (c) => formatDate(c.getValue()) }),
    col.accessor('createdAt', { header: () => sortHeader('Added', 'CREATED_AT'), cell: (c) => formatDate(c.getValue()) }),
  ], [campaignId, sort]);

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableRowSelection: true,
    state: { rowSelection: selection },
    onRowSelectionChange: setSelection,
  });

  const selected = Object.keys(selection).filter((k) => selection[k]);
  async function bulkSet(status: OutreachStatus) {
    let failed = 0;
    for (const id of selected) {
      const r = await setStatus({ id, status });
      if (r.error || !r.data || !('data' in r.data.setOutreachStatus)) failed++;
    }
    setSelection({});
    setBulkMessage(failed ? { tone: 'warn', text: `${selected.length - failed} updated, ${failed} failed.` } : { tone: 'ok', text: `${plural(selected.length, 'prospect')} marked ${status}.` });
  }

  async function bulkCompose() {
    setWorking(true);
    const r = await compose({ prospectIds: selected });
    setWorking(false);
    const out = r.data?.composeDrafts;
    if (out && 'data' in out) { setSelection({}); setBulkMessage({ tone: 'ok', text: `Drafting ${selected.length} ${selected.length === 1 ? 'email' : 'emails'}; they appear under Drafts & review.`, jobId: out.data.id }); }
    else setBulkMessage({ tone: 'danger', text: r.error?.message ?? out?.message ?? 'Could not start drafting.' });
  }

  async function bulkEnrich() {
    setWorking(true);
    const r = await enrich({ prospectIds: selected });
    setWorking(false);
    const out = r.data?.enrichProspects;
    if (out && 'data' in out) { setSelection({}); setBulkMessage(enrichAnswer(out.data, selected.length)); }
    else setBulkMessage({ tone: 'danger', text: r.error?.message.replace(/^\[GraphQL\] /, '') ?? (out && 'fieldErrors' in out ? Object.values(fieldErrorsOf(out))[0] : undefined) ?? out?.message ?? 'Could not start enrichment.' });
  }

  async function bulkApprove() {
    const targets = rows.filter((r) => selection[r.id] && r.lastEmail?.status === 'draft');
    const skipped = selected.length - targets.length;
    setWorking(true);
    let ok = 0;
    for (const t of targets) {
      const r = await approve({ id: t.lastEmail!.id });
      if (r.data?.approveDraft && 'data' in r.data.approveDraft) ok++;
    }
    setWorking(false);
    setSelection({});
    const parts = [`${ok} ${ok === 1 ? 'draft' : 'drafts'} approved`];
    if (targets.length - ok) parts.push(`${targets.length - ok} could not be approved`);
    if (skipped) parts.push(`${skipped} had no draft waiting`);
    setBulkMessage({ tone: targets.length - ok || skipped ? 'warn' : 'ok', text: `${parts.join(', ')}.` });
  }

  async function bulkSuppress() {
    const domains = [...new Set(rows.filter((r) => selection[r.id]).map((r) => r.domain))];
    setWorking(true);
    let ok = 0;
    for (const d of domains) {
      const r = await suppress({ value: d, note: 'Suppressed from the prospects table' });
      if (r.data?.addSuppression && 'data' in r.data.addSuppression) ok++;
    }
    setWorking(false);
    setSelection({});
    setBulkMessage({ tone: ok === domains.length ? 'ok' : 'warn', text: `${ok} of ${domains.length} ${domains.length === 1 ? 'domain' : 'domains'} added to the suppression list: nothing more is sent to them.` });
  }

  const filtered = JSON.stringify(filters) !== JSON.stringify(emptyFilters);
  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Prospects</h1><p>Every site found or added for this campaign.</p></div>
        <Link className="btn" to={`/campaigns/${encodeURIComponent(campaignId)}/add`}>Add prospects</Link>
      </div>
      <form className="row" style={{ alignItems: 'flex-start' }} role="search" aria-label="Filter prospects" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" className="grow"><Input type="search" placeholder="Domain or title" value={filters.search} onChange={(e) => update({ search: e.target.value })} /></Field>
        <Field label="Stage"><Select value={filters.stage} onChange={(e) => update({ stage: e.target.value as ProspectStage | '' })} placeholder="Any stage" options={STAGES.map((s) => ({ value: s, label: s }))} /></Field>
        <Field label="Outreach status"><Select value={filters.status} onChange={(e) => update({ status: e.target.value as OutreachStatus | '' })} placeholder="Any status" options={OUTREACH_STATUSES.map((s) => ({ value: s, label: s }))} /></Field>
        <Field label="Min score" error={minMaxError}><Input type="number" inputMode="numeric" style={{ width: 96 }} value={filters.minScore} onChange={(e) => update({ minScore: e.target.value })} /></Field>
        <Field label="Max score"><Input type="number" inputMode="numeric" style={{ width: 96 }} value={filters.maxScore} onChange={(e) => update({ maxScore: e.target.value })} /></Field>
        <Field label="Has email"><Select value={filters.hasEmail} onChange={(e) => update({ hasEmail: e.target.value as '' | 'yes' | 'no' })} placeholder="Either" options={[{ value: 'yes', label: 'With email' }, { value: 'no', label: 'Without email' }]} /></Field>
        {filtered ? <div className="field"><span className="label">&nbsp;</span><Button variant="ghost" onClick={() => update(emptyFilters)}>Clear filters</Button></div> : null}
      </form>
      {selected.length ? (
        <div className="row" role="toolbar" aria-label="Bulk actions">
          <span className="small">{selected.length} selected</span>
          <Button size="sm" loading={working} onClick={bulkEnrich}>Enrich</Button>
          <Button size="sm" loading={working} onClick={bulkCompose}>Compose drafts</Button>
          <Button size="sm" loading={working} onClick={bulkApprove}>Approve drafts</Button>
          <Button size="sm" variant="danger" loading={working} onClick={bulkSuppress}>Suppress domains</Button>
          <Button size="sm" loading={bulk.fetching} onClick={() => bulkSet('accepted')}>Mark accepted</Button>
          <Button size="sm" loading={bulk.fetching} onClick={() => bulkSet('rejected')}>Mark rejected</Button>
          <Button size="sm" variant="ghost" onClick={() => setSelection({})}>Clear selection</Button>
        </div>
      ) : null}
      {bulkMessage ? (
        <div ref={bulkMessageRef} tabIndex={-1} className="result-focus">
          <Banner tone={bulkMessage.tone}>{bulkMessage.text}{bulkMessage.jobId ? <> <Link to={jobPath(campaignId, bulkMessage.jobId)}>Follow the job</Link></> : null}</Banner>
        </div>
      ) : null}
      {error && !data ? <ErrorState error={error} title="Could not load prospects" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={8} label="Loading prospects" /> : null}
      {data && rows.length === 0 ? (
        filtered
          ? <EmptyState title="No prospects match these filters" action={<Button onClick={() => update(emptyFilters)}>Clear filters</Button>} />
          : <EmptyState title="No prospects yet" action={<Link className="btn btn-primary" to={`/campaigns/${encodeURIComponent(campaignId)}/add`}>Add prospects</Link>}>Run discovery, add a site by hand or import a CSV.</EmptyState>
      ) : null}
      {data && rows.length > 0 ? (
        <>
          <p className="small muted" aria-live="polite">{plural(data.prospects.totalCount, 'prospect')}{fetching ? ' · updating…' : ''}</p>
          <Table caption="Prospects" className="table card-rows">
            <thead>
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>{hg.headers.map((h) => <th key={h.id} scope="col">{flexRender(h.column.columnDef.header, h.getContext())}</th>)}</tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((r) => (
                <tr key={r.id}>{r.getVisibleCells().map((c) => (
                  <td key={c.id} data-label={CARD_LABEL[c.column.id]} className={c.column.id === 'domain' ? 'card-full' : undefined}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                ))}</tr>
              ))}
            </tbody>
          </Table>
          {data.prospects.pageInfo.hasNextPage && data.prospects.pageInfo.endCursor ? (
            <div><Button loading={fetching} onClick={() => setAfter(data.prospects.pageInfo.endCursor!)}>Load more</Button></div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
