import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { fieldErrorsOf, focusResult, type FieldErrors } from '../../lib/results';
import { Link } from '../../lib/router';
import { Banner, Button, Card, Field, Input, StatusBadge, Textarea } from '../../ui';
import { jobPath } from '../jobs/JobRow';
import type { DraftFallbackReason } from '../../gql/graphql';
import { fieldMessage, flagInfo } from './flags';
import './drafts.css';

export const DraftEditorFragment = graphql(`
  fragment DraftEditor on EmailLog { id step status subject body flags draftSource fallbackReason toEmail error }
`);

export const UpdateDraft = graphql(`
  mutation UpdateDraft($id: ID!, $subject: String, $body: String) {
    updateDraft(id: $id, subject: $subject, body: $body) {
      __typename
      ... on MutationUpdateDraftSuccess { data { id subject body status flags draftSource } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const ApproveDraft = graphql(`
  mutation ApproveDraft($id: ID!) {
    approveDraft(id: $id) {
      __typename
      ... on MutationApproveDraftSuccess { data { id status prospect { id stage } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const RegenerateDraft = graphql(`
  mutation RegenerateDraft($prospectId: ID!) {
    regenerateDraft(prospectId: $prospectId) {
      __typename
      ... on MutationRegenerateDraftSuccess { data { id status jobType } }
      ... on Error { message }
    }
  }
`);

export const SendEmail = graphql(`
  mutation SendEmail($prospectId: ID!) {
    sendEmail(prospectId: $prospectId) {
      __typename
      ... on MutationSendEmailSuccess { data { id status jobType } }
      ... on Error { message }
    }
  }
`);

export const SendTestEmail = graphql(`
  mutation SendTestEmail($id: ID!) {
    sendTestEmail(id: $id) {
      __typename
      ... on MutationSendTestEmailSuccess { data { to sandbox gmailMessageId } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export type Notice = { tone: 'ok' | 'danger' | 'info' | 'warn'; text: string; jobId?: string } | null;

/** The one sentence a failed mutation result or transport error gives the user. */
function failure(r: { error?: { message: string; networkError?: unknown }; data?: unknown }, key: string): string | null {
  if (r.error) return r.error.networkError ? 'The server could not be reached. Try again.' : r.error.message.replace(/^\[GraphQL\] /, '');
  const out = (r.data as Record<string, { __typename?: string; message?: string } | undefined> | undefined)?.[key];
  if (!out) return 'No answer from the server.';
  return 'data' in out ? null : (out.message ?? 'The request failed.');
}

export function FlagList({ flags, fallbackReason }: { flags: readonly string[]; fallbackReason?: DraftFallbackReason | null }) {
  if (!flags.length) return null;
  return (
    <div className="banner banner-warn" role="region" aria-label="Draft flags">
      <div style={{ flex: 1 }}>
        <strong>Read this draft before sending: {flags.length === 1 ? 'one check' : `${flags.length} checks`} flagged it</strong>
        <ul className="flag-list" aria-label="Flags">
          {flags.map((f) => { const i = flagInfo(f, fallbackReason); return <li key={f}><span className="badge badge-warn">{i.label}</span> {i.explain}</li>; })}
        </ul>
      </div>
    </div>
  );
}

export function DraftEditor({ email: masked, prospectId, campaignId, onRegenerating }: {
  email: FragmentType<typeof DraftEditorFragment>; prospectId: string; campaignId: string;
  /** Regenerate started a job that replaces this draft (the page follows it: this editor is replaced). */
  onRegenerating?: (job: { jobId: string; emailId: string }) => void;
}) {
  const email = useFragment(DraftEditorFragment, masked);
  const subjectRef = useRef<HTMLInputElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  // Opened for editing (e on Drafts & review links to #draft): the subject takes focus.
  useEffect(() => { if (window.location.hash === '#draft') subjectRef.current?.focus(); }, []);
  const [subject, setSubject] = useState(email.subject);
  const [body, setBody] = useState(email.body);
  // The server's text changed (a save, a regenerate finishing): follow it unless the user has edits.
  const [base, setBase] = useState({ subject: email.subject, body: email.body });
  if (base.subject !== email.subject || base.body !== email.body) {
    if (subject === base.subject && body === base.body) { setSubject(email.subject); setBody(email.body); }
    setBase({ subject: email.subject, body: email.body });
  }
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice>(null);
  // Focus goes to the answer of an action (approve, send, regenerate…), so it is read and seen.
  const [said, setSaid] = useState(0);
  useEffect(() => { if (said) focusResult(noticeRef.current); }, [said]);
  const tell = (n: Notice) => { setNotice(n); setSaid((x) => x + 1); };
  const [update, doUpdate] = useMutation(UpdateDraft);
  const [approve, doApprove] = useMutation(ApproveDraft);
  const [regen, doRegen] = useMutation(RegenerateDraft);
  const [send, doSend] = useMutation(SendEmail);
  const [test, doTest] = useMutation(SendTestEmail);
  const dirty = subject !== email.subject || body !== email.body;
  const busy = update.fetching || approve.fetching || regen.fetching || send.fetching;

  async function save(): Promise<boolean> {
    setErrors({});
    const r = await doUpdate({ id: email.id, subject, body });
    const out = r.data?.updateDraft;
    if (out?.__typename === 'ValidationError') {
      setErrors(fieldErrorsOf(out));
      tell({ tone: 'danger', text: 'The draft was not saved: fix the fields marked below.' });
      return false;
    }
    const msg = failure(r, 'updateDraft');
    if (msg) { tell({ tone: 'danger', text: msg }); return false; }
    tell({ tone: 'ok', text: 'Draft saved.' });
    return true;
  }

  async function onSubmit(e: FormEvent) { e.preventDefault(); if (dirty) await save(); }

  async function onApprove() {
    if (dirty && !(await save())) return;
    const r = await doApprove({ id: email.id });
    const out = r.data?.approveDraft;
    if (out?.__typename === 'ValidationError') {
      const fe = fieldErrorsOf(out);
      tell({ tone: 'danger', text: fe.toEmail ? `Cannot approve: ${fe.toEmail}.` : out.message });
      return;
    }
    const msg = failure(r, 'approveDraft');
    tell(msg ? { tone: 'danger', text: msg } : { tone: 'ok', text: 'Approved. It goes out with the send queue, or send it now.' });
  }

  async function onRegenerate() {
    const r = await doRegen({ prospectId });
    const msg = failure(r, 'regenerateDraft');
    const out = r.data?.regenerateDraft;
    if (msg || !out || !('data' in out)) { tell({ tone: 'danger', text: msg ?? 'The new draft was not requested.' }); return; }
    // The page follows the job when it can (this editor is replaced by the new draft's).
    if (onRegenerating) onRegenerating({ jobId: out.data.id, emailId: email.id });
    else tell({ tone: 'info', text: 'Writing a new draft… it replaces this one when the job finishes.', jobId: out.data.id });
  }

  async function onSend() {
    const r = await doSend({ prospectId });
    const msg = failure(r, 'sendEmail');
    const out = r.data?.sendEmail;
    tell(msg ? { tone: 'danger', text: msg } : { tone: 'info', text: 'Sending… the thread shows it once Gmail has accepted it.', jobId: out && 'data' in out ? out.data.id : undefined });
  }

  async function onTest() {
    const r = await doTest({ id: email.id });
    const out = r.data?.sendTestEmail;
    if (out?.__typename === 'ValidationError') { tell({ tone: 'danger', text: fieldErrorsOf(out).email ?? out.message }); return; }
    const msg = failure(r, 'sendTestEmail');
    if (msg || !out || !('data' in out)) { tell({ tone: 'danger', text: msg ?? 'The test email was not sent.' }); return; }
    tell({ tone: 'ok', text: `Test email sent to ${out.data.to}${out.data.sandbox ? ' (sandbox Gmail: nothing left this machine)' : ''}.` });
  }

  const title = email.step === 0 ? 'First email' : `Follow-up ${email.step}`;
  return (
    <Card title={<div className="row"><h3>{title}{email.status === 'approved' ? ' · ready to send' : ' · review the draft'}</h3><StatusBadge status={email.status} /></div>}
      aria-label="Draft editor">
      <form className="stack" onSubmit={onSubmit} aria-label="Edit draft" noValidate>
        <p className="small muted">To {email.toEmail ?? 'no address yet'} · written by {email.draftSource}{dirty ? ' · unsaved changes' : ''}</p>
        <FlagList flags={email.flags} fallbackReason={email.fallbackReason} />
        <Field label="Subject" error={fieldMessage('Subject', errors.subject)}>
          <Input ref={subjectRef} value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={250} />
        </Field>
        <Field label="Body" error={fieldMessage('Body', errors.body)}>
          <Textarea value={body} onChange={(e) => setBody(e.target.value)} rows={Math.min(28, Math.max(8, body.split('\n').length + 2))} />
        </Field>
        <div ref={noticeRef} tabIndex={-1} className="result-focus" aria-live="polite">
          {notice ? (
            <Banner tone={notice.tone}>
              {notice.text}{notice.jobId ? <> <Link to={jobPath(campaignId, notice.jobId)}>Follow the job</Link></> : null}
            </Banner>
          ) : null}
        </div>
        <div className="row">
          <Button type="submit" disabled={!dirty || busy} loading={update.fetching}>Save</Button>
          {email.status === 'draft'
            ? <Button variant="primary" onClick={onApprove} disabled={busy} loading={approve.fetching}>{dirty ? 'Save & approve' : 'Approve'}</Button>
            : <Button variant="primary" onClick={onSend} disabled={busy || dirty} loading={send.fetching} title={dirty ? 'Save and approve your changes first' : undefined}>Send now</Button>}
          {email.step === 0 ? <Button onClick={onRegenerate} disabled={busy} loading={regen.fetching}>Regenerate</Button> : null}
          <Button variant="ghost" onClick={onTest} disabled={test.fetching || dirty} loading={test.fetching}>Send test to myself</Button>
        </div>
        <p className="small muted">{email.status === 'draft'
          ? 'Once approved, it goes out by itself with the send queue at its planned time. Editing an approved email makes it a draft again.'
          : 'It goes out by itself with the send queue at its planned time; Send now sends it at once, ahead of the queue.'}</p>
      </form>
    </Card>
  );
}
