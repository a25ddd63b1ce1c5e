import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime, plural } from '../../lib/format';
import { fieldErrorsOf } from '../../lib/results';
import { Banner, Button, Card, EmptyState, ErrorState, Field, Input, LoadingBlock, StatusBadge, Table } from '../../ui';
import { fieldMessage } from '../drafts/flags';

export const SuppressionsQuery = graphql(`
  query Suppressions($first: Int!, $after: String, $search: String) {
    suppressions(first: $first, after: $after, search: $search) {
      totalCount
      edges { cursor node { id value reason note createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AddSuppression = graphql(`
  mutation AddSuppression($value: String!, $note: String) {
    addSuppression(value: $value, note: $note) {
      __typename
      ... on MutationAddSuppressionSuccess { data { id value reason note createdAt } }
      ... on ValidationError { message fieldErrors { path message } }
    }
  }
`);

export const RemoveSuppression = graphql(`
  mutation RemoveSuppression($id: ID!) {
    removeSuppression(id: $id) {
      __typename
      ... on MutationRemoveSuppressionSuccess { data { id value } }
      ... on Error { message }
    }
  }
`);

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => { const t = setTimeout(() => setV(value), ms); return () => clearTimeout(t); }, [value, ms]);
  return v;
}

export function AddSuppressionForm() {
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [state, add] = useMutation(AddSuppression);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null); setDone(null);
    if (!value.trim()) { setError('Enter an email address, a domain or *.domain.'); return; }
    const r = await add({ value: value.trim(), note: note.trim() || null });
    const out = r.data?.addSuppression;
    if (r.error) { setError(r.error.networkError ? 'The server could not be reached. Try again.' : r.error.message); return; }
    if (out?.__typename === 'ValidationError') { setError(fieldMessage('Value', fieldErrorsOf(out).value ?? out.message)); return; }
    if (out && 'data' in out) { setDone(`${out.data.value} will never be written to.`); setValue(''); setNote(''); }
  }

  return (
    <form className="stack" aria-label="Add to suppression list" onSubmit={onSubmit} noValidate>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <Field label="Email, domain or *.domain" className="grow" error={error} hint="*.example.org covers example.org and all its subdomains.">
          <Input value={value} onChange={(e) => setValue(e.target.value)} placeholder="editor@gallery.example or *.gallery.example" autoComplete="off" />
        </Field>
        <Field label="Note (optional)" className="grow"><Input value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why" /></Field>
        <div className="field"><span className="label" aria-hidden="true">&nbsp;</span><Button type="submit" variant="primary" loading={state.fetching}>Add</Button></div>
      </div>
      {done ? <Banner tone="ok">{done}</Banner> : null}
    </form>
  );
}

export function SuppressionsPage() {
  const [search, setSearch] = useState('');
  const [after, setAfter] = useState<string | undefined>();
  const q = useDebounced(search.trim(), 300);
  const [{ data, fetching, error }, refetch] = useQuery({ query: SuppressionsQuery, variables: { first: 50, after, search: q || null } });
  const [removing, remove] = useMutation(RemoveSuppression);
  const [removeMsg, setRemoveMsg] = useState<{ tone: 'ok' | 'danger'; text: string } | null>(null);
  const rows = data?.suppressions.edges.map((e) => e.node) ?? [];

  async function onRemove(id: string, value: string) {
    const r = await remove({ id });
    const out = r.data?.removeSuppression;
    setRemoveMsg(out && 'data' in out ? { tone: 'ok', text: `${value} removed: it can be written to again.` } : { tone: 'danger', text: r.error?.message ?? out?.message ?? 'Could not remove it.' });
  }

  return (
    <div className="page">
      <div className="page-header"><div><h1>Suppression list</h1><p>Addresses and domains that are never written to, in any campaign. Checked before every send.</p></div></div>
      <Card title="Add"><AddSuppressionForm /></Card>
      <form role="search" aria-label="Search the suppression list" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search"><Input type="search" value={search} onChange={(e) => { setSearch(e.target.value); setAfter(undefined); }} placeholder="Address or domain" /></Field>
      </form>
      {removeMsg ? <Banner tone={removeMsg.tone}>{removeMsg.text}</Banner> : null}
      {error && !data ? <ErrorState error={error} title="Could not load the suppression list" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={5} label="Loading suppressions" /> : null}
      {data && rows.length === 0 ? (
        q ? <EmptyState title="Nothing matches">No suppressed address or domain contains “{q}”.</EmptyState>
          : <EmptyState icon="⊘" title="The suppression list is empty">Unsubscribes, bounces and complaints land here on their own; add anyone you must never write to.</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="small muted" aria-live="polite">{plural(data!.suppressions.totalCount, 'entry', 'entries')}{fetching ? ' · updating…' : ''}</p>
          <Table caption="Suppressed addresses and domains">
            <thead><tr><th scope="col">Value</th><th scope="col">Reason</th><th scope="col">Note</th><th scope="col">Added</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td className="mono wrap-anywhere">{s.value}</td>
                  <td><StatusBadge status={s.reason} /></td>
                  <td className="small">{s.note ?? <span className="muted">—</span>}</td>
                  <td className="small">{formatDateTime(s.createdAt)}</td>
                  <td><Button size="sm" variant="ghost" aria-label={`Remove ${s.value}`} loading={removing.fetching && removing.operation?.variables.id === s.id} onClick={() => onRemove(s.id, s.value)}>Remove</Button></td>
                </tr>
              ))}
            </tbody>
          </Table>
          {data!.suppressions.pageInfo.hasNextPage && data!.suppressions.pageInfo.endCursor ? <div><Button loading={fetching} onClick={() => setAfter(data!.suppressions.pageInfo.endCursor!)}>Load more</Button></div> : null}
        </>
      ) : null}
    </div>
  );
}
