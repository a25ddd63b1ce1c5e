import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Banner, Button, Checkbox, Field, Input, Select, Textarea } from '../../ui';
import { focusFirstInvalid, focusResult, type FieldErrors } from '../../lib/results';
import { Link } from '../../lib/router';
import { MAILBOX_STATUS } from '../mailboxes/status';
import { FIELD_LABELS, fromAddressesOf, sendsFromOf, validateCampaign, type CampaignFormValues, type MailboxOption, type TextField } from './campaignForm';
import { LIMITS } from './limits';
import { locationOptions, timeZones } from './places';
import './form.css';

export function CampaignForm({ initial, submitLabel, busy, serverErrors, formError, saved, onSubmit, mailboxes = [], sendsFrom, checkStored = false }: {
  initial: CampaignFormValues; submitLabel: string; busy: boolean; serverErrors: FieldErrors; formError: string | null;
  /** The confirmation after a save: shown next to the submit button, announced, and focused. */
  saved?: ReactNode;
  /** Settings of a stored campaign: values today's rules refuse are marked on load, for fixing. */
  checkStored?: boolean;
  onSubmit: (values: CampaignFormValues) => void;
  /** The user's mailboxes: "Send from" offers the connected ones (and the campaign's own, whatever its state). */
  mailboxes?: ReadonlyArray<MailboxOption>;
  /** The From address the saved campaign sends as (the server's answer). */
  sendsFrom?: string | null;
}) {
  const [v, setV] = useState(initial);
  const [clientErrors, setClientErrors] = useState<FieldErrors>(() => (checkStored ? validateCampaign(initial) : {}));
  const [storedInvalid] = useState(() => (checkStored ? Object.keys(validateCampaign(initial)).length : 0));
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  // After the server answers: focus the first field it refused, or the confirmation next to the button.
  useEffect(() => { if (Object.keys(serverErrors).length) focusFirstInvalid(formRef.current); }, [serverErrors]);
  useEffect(() => { if (saved) focusResult(resultRef.current); }, [saved]);
  useEffect(() => { if (formError && !Object.keys(serverErrors).length) focusResult(resultRef.current); }, [formError, serverErrors]);
  const [touchedSinceServer, setTouched] = useState<Set<string>>(new Set());
  const err = (k: keyof CampaignFormValues) => clientErrors[k] ?? (touchedSinceServer.has(k) ? undefined : serverErrors[k]);
  const bind = (k: TextField) => ({
    name: k,
    value: v[k],
    onChange: (e: { target: { value: string } }) => {
      setV((s) => ({ ...s, [k]: e.target.value }));
      setTouched((t) => new Set(t).add(k));
      if (clientErrors[k]) setClientErrors(({ [k]: _x, ...rest }) => rest);
    },
  });

  const searchHintId = useId();
  const chosen = mailboxes.find((m) => m.id === v.mailboxId) ?? null;
  const mailboxChoices = mailboxes.filter((m) => m.status === 'connected' || m.id === v.mailboxId);
  const fromChoices = chosen ? fromAddressesOf(chosen) : [];
  const fromOptions = fromChoices.map((a) => ({ value: a, label: a }));
  if (chosen && v.fromEmail.trim() && !fromChoices.some((a) => a.toLowerCase() === v.fromEmail.trim().toLowerCase())) {
    fromOptions.push({ value: v.fromEmail, label: `${v.fromEmail} (not an address of this mailbox)` });
  }
  const unchanged = v.mailboxId === initial.mailboxId && v.fromEmail === initial.fromEmail;
  const goesOutAs = chosen ? (unchanged && sendsFrom ? sendsFrom : sendsFromOf(chosen, v.fromEmail)) : null;

  function chooseMailbox(id: string) {
    const next = mailboxes.find((m) => m.id === id);
    setV((s) => ({
      ...s, mailboxId: id,
      // Keep the From address when the new mailbox may send as it, else use the mailbox's own.
      fromEmail: next && !fromAddressesOf(next).some((a) => a.toLowerCase() === s.fromEmail.trim().toLowerCase()) ? next.address : s.fromEmail,
    }));
    setTouched((t) => new Set(t).add('mailboxId').add('fromEmail'));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateCampaign(v);
    setClientErrors(found);
    if (Object.keys(found).length) {
      // The first marked field in the order the form shows them (after React has marked them).
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setTouched(new Set());
    onSubmit(v);
  }

  const count = Object.keys(clientErrors).length;
  const serverCount = Object.keys(serverErrors).filter((k) => !touchedSinceServer.has(k)).length;
  // A refusal for something the form has no field for (e.g. the campaign id) is said in words at the top.
  const unplaced = Object.entries(serverErrors).filter(([k]) => !(k in FIELD_LABELS)).map(([, m]) => m);
  const fields = (n: number) => (n === 1 ? 'the field' : `the ${n} fields`);
  return (
    <form ref={formRef} className="stack" onSubmit={submit} noValidate aria-label="Campaign settings">
      {storedInvalid && count ? <Banner tone="warn">{storedInvalid === 1 ? 'One stored value does' : `${storedInvalid} stored values do`} not meet today’s rules: fix {fields(count)} marked below, then save. Everything else is kept as it is.</Banner>
        : count ? <Banner tone="danger">Fix {count === 1 ? 'the field' : `the ${count} fields`} marked below.</Banner> : null}
      {formError ? <Banner tone="danger">{formError}{unplaced.length ? `: ${unplaced.join(' ')}` : null}</Banner> : null}
      <fieldset>
        <legend>Artist profile</legend>
        <div className="grid-2">
          <Field label="Campaign name" error={err('name')}><Input maxLength={LIMITS.campaign.name} {...bind('name')} /></Field>
          <Field label="Artist name" error={err('artistName')}><Input maxLength={LIMITS.campaign.artistName} {...bind('artistName')} /></Field>
        </div>
        <div className="grid-2">
          <Field label="Medium" error={err('medium')} hint="What you make, e.g. ceramics or oil painting."><Input maxLength={LIMITS.campaign.medium} {...bind('medium')} /></Field>
          <Field label="Portfolio URL" error={err('portfolioUrl')}><Input type="url" placeholder="https://" maxLength={LIMITS.campaign.portfolioUrl} {...bind('portfolioUrl')} /></Field>
        </div>
        <Field label="Artist statement" error={err('statement')} hint="Used to ground the drafted emails."><Textarea maxLength={LIMITS.campaign.statement} {...bind('statement')} /></Field>
        <Field label="Keywords" error={err('keywords')} hint="Comma separated; each becomes a search."><Input maxLength={(LIMITS.campaign.keyword + 2) * LIMITS.campaign.keywords} {...bind('keywords')} /></Field>
        <Field label="Sample works" error={err('sampleWorks')} hint="One per line: Title | https://link"><Textarea {...bind('sampleWorks')} /></Field>
      </fieldset>
      <fieldset>
        <legend>Sender</legend>
        {mailboxChoices.length ? (
          <Field label="Send from" error={err('mailboxId')} hint={<>The Gmail mailbox that sends this campaign’s emails and reads their replies. <Link to="/settings/mailboxes">Manage mailboxes</Link></>}>
            <Select name="mailboxId" value={v.mailboxId} onChange={(e) => chooseMailbox(e.target.value)} placeholder={v.mailboxId ? undefined : 'Choose a mailbox'}
              options={mailboxChoices.map((m) => ({ value: m.id, label: m.status === 'connected' ? m.address : `${m.address} (${(MAILBOX_STATUS[m.status]?.label ?? m.status).toLowerCase()})` }))} />
          </Field>
        ) : (
          <Banner tone="warn" title="No Gmail mailbox connected. ">Nothing is sent until you connect one in <Link to="/settings/mailboxes">Settings → Mailboxes</Link>.</Banner>
        )}
        <div className="grid-2">
          <Field label="From name" error={err('fromName')}><Input maxLength={LIMITS.campaign.fromName} {...bind('fromName')} /></Field>
          <Field label="From email" error={err('fromEmail')} hint={chosen ? 'The mailbox’s own address or one of its verified send-as aliases.' : undefined}>
            {chosen ? <Select {...bind('fromEmail')} options={fromOptions} /> : <Input type="email" maxLength={LIMITS.campaign.fromEmail} {...bind('fromEmail')} />}
          </Field>
        </div>
        {goesOutAs ? <p className="small" role="status">Emails go out as <strong>{goesOutAs}</strong>.</p> : null}
      </fieldset>
      <fieldset>
        <legend>Search</legend>
        <div className="grid-3">
          <Field label="Country" error={err('locationCode')} hint="Where discovery searches"><Select {...bind('locationCode')} options={locationOptions(v.locationCode)} /></Field>
          <Field label="Language code" error={err('languageCode')}><Input {...bind('languageCode')} /></Field>
          <Field label="Search depth" error={err('searchDepth')} hint="Results per keyword"><Input inputMode="numeric" {...bind('searchDepth')} /></Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Sending</legend>
        <div className="grid-3">
          <Field label="Daily cap" error={err('dailyCap')}><Input inputMode="numeric" {...bind('dailyCap')} /></Field>
          <Field label="Send window start (hour)" error={err('sendWindowStart')}><Input inputMode="numeric" {...bind('sendWindowStart')} /></Field>
          <Field label="Send window end (hour)" error={err('sendWindowEnd')}><Input inputMode="numeric" {...bind('sendWindowEnd')} /></Field>
          <Field label="Time zone" error={err('timeZone')} hint="Type to search, e.g. Berlin or New_York">
            <Input list="campaign-time-zones" autoComplete="off" spellCheck={false} {...bind('timeZone')} />
          </Field>
          <Field label="Minimum gap (seconds)" error={err('minGapSeconds')}><Input inputMode="numeric" {...bind('minGapSeconds')} /></Field>
          <Field label="Maximum gap (seconds)" error={err('maxGapSeconds')}><Input inputMode="numeric" {...bind('maxGapSeconds')} /></Field>
          <Field label="Cool-down (days)" error={err('cooldownDays')} hint="Before writing to a domain again"><Input inputMode="numeric" {...bind('cooldownDays')} /></Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Follow-ups and review</legend>
        <div className="grid-3">
          <Field label="Follow-up delays (days)" error={err('followUpDelaysDays')} hint="e.g. 4, 10"><Input {...bind('followUpDelaysDays')} /></Field>
          <Field label="Maximum follow-ups" error={err('maxFollowUps')}><Input inputMode="numeric" {...bind('maxFollowUps')} /></Field>
          <Field label="Minimum score" error={err('minScore')} hint="Prospects below are skipped"><Input inputMode="numeric" {...bind('minScore')} /></Field>
          <Field label="Auto-approve score" error={err('autoApproveScore')} hint="Empty = always review"><Input inputMode="numeric" {...bind('autoApproveScore')} /></Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Features</legend>
        <p className="small muted">For 90 days after a site replies or accepts, its sitemap and feed are checked for the feature (a page that links to the portfolio or names the artist).</p>
        <div className="field">
          <Checkbox label={FIELD_LABELS.placementSearch} name="placementSearch" checked={v.placementSearch}
            aria-invalid={err('placementSearch') ? true : undefined} aria-describedby={err('placementSearch') ? `${searchHintId} ${searchHintId}-error` : searchHintId}
            onChange={(e) => { const on = e.target.checked; setV((s) => ({ ...s, placementSearch: on })); setTouched((t) => new Set(t).add('placementSearch')); }} />
          <span id={searchHintId} className="hint">Also runs a DataForSEO search site:domain "artist name" once a week per watched site, for features the sitemap and feed miss. Each search uses DataForSEO credit (counted in spend).</span>
          {err('placementSearch') ? <span id={`${searchHintId}-error`} className="error" role="alert">{err('placementSearch')}</span> : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>Templates</legend>
        <Field label="Subject template" error={err('subjectTemplate')}><Input maxLength={LIMITS.campaign.template} {...bind('subjectTemplate')} /></Field>
        <Field label="Body template" error={err('bodyTemplate')} hint="Used when Gemini is unavailable."><Textarea maxLength={LIMITS.campaign.template} {...bind('bodyTemplate')} /></Field>
        <Field label="Follow-up template" error={err('followUpTemplate')}><Textarea maxLength={LIMITS.campaign.template} {...bind('followUpTemplate')} /></Field>
      </fieldset>
      <datalist id="campaign-time-zones">{timeZones().map((z) => <option key={z} value={z} />)}</datalist>
      <div className="row form-actions">
        <Button type="submit" variant="primary" loading={busy}>{submitLabel}</Button>
        {/* The answer to this button, where the user is looking: announced, and focused after a save. */}
        <p ref={resultRef} tabIndex={-1} className="form-result" role="status" aria-live="polite">
          {saved ?? (count ? <span className="error-text">Not saved: fix {fields(count)} marked above.</span>
            : serverCount || formError ? <span className="error-text">Not saved: {serverCount ? `fix ${fields(serverCount)} marked above.` : formError}</span> : null)}
        </p>
      </div>
    </form>
  );
}
