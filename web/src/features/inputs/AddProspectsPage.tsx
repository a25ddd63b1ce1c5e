import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { fieldErrorsOf, focusFirstInvalid, focusResult, type FieldErrors } from '../../lib/results';
import { plural } from '../../lib/format';
import { LIMITS } from '../campaigns/limits';
import { Link } from '../../lib/router';
import { Banner, Button, Card, Field, Input, ProgressBar, Table, Textarea } from '../../ui';
import { jobPath } from '../jobs/JobRow';
import { useFollowedJob } from '../jobs/useFollowedJob';
import { errorMessage } from '../../ui/ErrorState';
import { StartScoringButton } from './StartScoringButton';
import '../drafts/drafts.css';

export const AddProspect = graphql(`
  mutation AddProspect($input: AddProspectInput!) {
    addProspect(input: $input) {
      __typename
      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } enrichJob { id } ...BoardCard } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const ImportProspects = graphql(`
  mutation ImportProspects($input: ImportProspectsInput!) {
    importProspects(input: $input) {
      __typename
      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } job { id status progress errorMessage } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** The job enriching and scoring what was just added, followed live to its end. */
function EnrichingLine({ campaignId, jobId, count }: { campaignId: string; jobId: string; count: number }) {
  const job = useFollowedJob(jobId);
  const status = job?.status ?? 'pending';
  const what = plural(count, 'prospect');
  const sentence = status === 'completed' ? `${what} enriched and scored.`
    : status === 'failed' ? `Enrichment failed: ${job?.errorMessage ?? 'no reason given'}.`
    : status === 'cancelled' ? 'Enrichment was cancelled.'
    : `Enriching and scoring ${what}…`;
  return (
    <div className="stack-sm">
      <Banner tone={status === 'failed' ? 'danger' : status === 'completed' ? 'ok' : 'info'}>
        {sentence} <Link to={jobPath(campaignId, jobId)}>Follow the job</Link>
      </Banner>
      {status === 'pending' || status === 'running' ? (
        <>
          <ProgressBar value={job?.progress ?? 0} label="Enrichment and scoring progress" />
          {job?.message ? <p className="small muted">{job.message}</p> : null}
        </>
      ) : null}
    </div>
  );
}

function AddOne({ campaignId }: { campaignId: string }) {
  const [v, setV] = useState({ domainOrUrl: '', pageTitle: '', contactEmail: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: 'ok' | 'danger'; node: React.ReactNode } | null>(null);
  const [added, setAdded] = useState<{ jobId: string } | null>(null);
  const [state, add] = useMutation(AddProspect);
  const formRef = useRef<HTMLFormElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  // After an answer: focus the first field marked invalid, else the message (added / refused).
  const [answered, setAnswered] = useState(0);
  useEffect(() => { if (answered && !focusFirstInvalid(formRef.current)) focusResult(messageRef.current); }, [answered]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    setAdded(null);
    const found: FieldErrors = {};
    const d = v.domainOrUrl.trim();
    if (!d) found.domainOrUrl = 'Enter a domain or page URL.';
    else if (!/^(https?:\/\/)?[^\s/]+\.[^\s/]+/.test(d)) found.domainOrUrl = 'Enter a domain like gallery.example or a full URL.';
    if (/[\r\n]/.test(v.pageTitle)) found.pageTitle = 'Page title must be one line.';
    if (v.contactEmail.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.contactEmail.trim())) found.contactEmail = 'Enter a valid email address, like editor@gallery.example.';
    setErrors(found);
    if (Object.keys(found).length) { setAnswered((n) => n + 1); return; }
    const r = await add({ input: { campaignId, domainOrUrl: d, pageTitle: v.pageTitle.trim() || null, contactEmail: v.contactEmail.trim() || null } });
    setAnswered((n) => n + 1);
    if (r.error) { setMessage({ tone: 'danger', node: errorMessage(r.error) }); return; }
    const res = r.data?.addProspect;
    if (!res) return;
    if ('data' in res) {
      setV({ domainOrUrl: '', pageTitle: '', contactEmail: '' });
      setAdded(res.data.enrichJob ? { jobId: res.data.enrichJob.id } : null);
      setMessage({ tone: 'ok', node: <>Added <Link to={`/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(res.data.id)}`}>{res.data.domain}</Link>.</> });
    } else {
      const fields = fieldErrorsOf(res as never);
      setErrors(fields);
      // The messages sit on their fields; the banner says only what has no field.
      const known = ['domainOrUrl', 'pageTitle', 'contactEmail'];
      const other = Object.entries(fields).filter(([k]) => !known.includes(k)).map(([, m]) => m);
      setMessage({ tone: 'danger', node: other.length ? `${res.message}: ${other.join(' ')}` : Object.keys(fields).length ? 'The prospect was not added: fix the fields marked below.' : res.message });
    }
  }
  const bind = (k: keyof typeof v) => ({ name: k, value: v[k], onChange: (e: { target: { value: string } }) => {
    setV((s) => ({ ...s, [k]: e.target.value }));
    if (errors[k]) setErrors(({ [k]: _drop, ...rest }) => rest);
  } });
  return (
    <Card title="Add one prospect">
      <form ref={formRef} className="stack" onSubmit={submit} noValidate aria-label="Add one prospect">
        <div ref={messageRef} tabIndex={-1} className="result-focus" aria-live="polite">{message ? <Banner tone={message.tone}>{message.node}</Banner> : null}</div>
        {added ? <EnrichingLine key={added.jobId} campaignId={campaignId} jobId={added.jobId} count={1} /> : null}
        <Field label="Domain or URL" error={errors.domainOrUrl}><Input placeholder="gallery.example or https://…" maxLength={LIMITS.prospect.domainOrUrl} {...bind('domainOrUrl')} /></Field>
        <Field label="Page title (optional)" error={errors.pageTitle}><Input maxLength={LIMITS.prospect.pageTitle} {...bind('pageTitle')} /></Field>
        <Field label="Contact email (optional)" error={errors.contactEmail}><Input type="email" maxLength={LIMITS.prospect.contactEmail} {...bind('contactEmail')} /></Field>
        <div><Button type="submit" variant="primary" loading={state.fetching}>Add prospect</Button></div>
      </form>
    </Card>
  );
}

function ImportCsv({ campaignId }: { campaignId: string }) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, run] = useMutation(ImportProspects);
  const res = state.data?.importProspects;
  const report = res && 'data' in res ? res.data : null;

  async function onFile(file: File | undefined) {
    setError(null);
    if (!file) return;
    if (file.size > MAX_CSV_BYTES) { setError('That file is larger than 5 MB. Split it into smaller files.'); return; }
    setFileName(file.name);
    setCsv(await file.text());
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!csv.trim()) { setError('Choose a CSV file or paste rows first.'); return; }
    const r = await run({ input: { campaignId, csv } });
    if (r.error) setError(errorMessage(r.error));
    else if (r.data && !('data' in r.data.importProspects)) {
      const out = r.data.importProspects;
      // A refusal of the CSV itself ("csv" path) is said on the CSV field, in the server's words.
      setError(('fieldErrors' in out ? Object.values(fieldErrorsOf(out as never))[0] : undefined) ?? out.message);
    }
  }
  return (
    <Card title="Import a CSV">
      <form className="stack" onSubmit={submit} noValidate aria-label="Import prospects from CSV">
        <p className="small muted">Columns: <code>domain</code> (or <code>url</code>), optional <code>page_title</code> and <code>contact_email</code>. The first row is the header.</p>
        <Field label="CSV file"><Input type="file" accept=".csv,text/csv" onChange={(e) => onFile(e.target.files?.[0])} /></Field>
        <Field label="…or paste rows" error={error} hint={fileName ? `Loaded ${fileName}` : undefined}>
          <Textarea value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'domain,page_title,contact_email\ngallery.example,Open call,hello@gallery.example'} />
        </Field>
        <div><Button type="submit" variant="primary" loading={state.fetching}>Import</Button></div>
        {report ? (
          <div className="stack-sm" aria-live="polite">
            <Banner tone={report.errors.length ? 'warn' : 'ok'} title="Import finished">
              {report.created.toLocaleString()} created · {plural(report.duplicates, 'duplicate')} skipped · {plural(report.errors.length, 'row')} with errors
            </Banner>
            {report.errors.length ? (
              <Table caption="Rows with errors">
                <thead><tr><th scope="col">Row</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead>
                <tbody>{report.errors.map((r, i) => <tr key={`${r.row}-${i}`}><td>{r.row}</td><td>{r.field ?? '—'}</td><td>{r.message}</td></tr>)}</tbody>
              </Table>
            ) : null}
          </div>
        ) : null}
        {report?.job ? <EnrichingLine key={report.job.id} campaignId={campaignId} jobId={report.job.id} count={report.created} /> : null}
      </form>
    </Card>
  );
}

export function AddProspectsPage({ campaignId }: { campaignId: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Add &amp; import</h1><p>Add sites you already know about: each is enriched (contacts, the site’s pages, domain rank) and scored with the campaign’s rules at once.</p></div>
        <StartScoringButton campaignId={campaignId} />
      </div>
      <div className="grid-2">
        <AddOne campaignId={campaignId} />
        <ImportCsv campaignId={campaignId} />
      </div>
    </div>
  );
}
