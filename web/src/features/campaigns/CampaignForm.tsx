import { useState, type FormEvent, type ReactNode } from 'react';
import { Banner, Button, Field, Input, Textarea } from '../../ui';
import type { FieldErrors } from '../../lib/results';
import { validateCampaign, type CampaignFormValues } from './campaignForm';

export function CampaignForm({ initial, submitLabel, busy, serverErrors, formError, saved, onSubmit }: {
  initial: CampaignFormValues; submitLabel: string; busy: boolean; serverErrors: FieldErrors; formError: string | null; saved?: ReactNode;
  onSubmit: (values: CampaignFormValues) => void;
}) {
  const [v, setV] = useState(initial);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [touchedSinceServer, setTouched] = useState<Set<string>>(new Set());
  const err = (k: keyof CampaignFormValues) => clientErrors[k] ?? (touchedSinceServer.has(k) ? undefined : serverErrors[k]);
  const bind = (k: keyof CampaignFormValues) => ({
    name: k,
    value: v[k],
    onChange: (e: { target: { value: string } }) => {
      setV((s) => ({ ...s, [k]: e.target.value }));
      setTouched((t) => new Set(t).add(k));
      if (clientErrors[k]) setClientErrors(({ [k]: _x, ...rest }) => rest);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateCampaign(v);
    setClientErrors(found);
    if (Object.keys(found).length) {
      document.getElementsByName(Object.keys(found)[0]!)[0]?.focus();
      return;
    }
    setTouched(new Set());
    onSubmit(v);
  }

  const count = Object.keys(clientErrors).length;
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Campaign settings">
      {count ? <Banner tone="danger">Fix the {count === 1 ? 'field' : `${count} fields`} marked below.</Banner> : null}
      {formError ? <Banner tone="danger">{formError}</Banner> : null}
      {saved}
      <fieldset>
        <legend>Artist profile</legend>
        <div className="grid-2">
          <Field label="Campaign name" error={err('name')}><Input {...bind('name')} /></Field>
          <Field label="Artist name" error={err('artistName')}><Input {...bind('artistName')} /></Field>
        </div>
        <div className="grid-2">
          <Field label="Medium" error={err('medium')} hint="What you make, e.g. ceramics or oil painting."><Input {...bind('medium')} /></Field>
          <Field label="Portfolio URL" error={err('portfolioUrl')}><Input type="url" placeholder="https://" {...bind('portfolioUrl')} /></Field>
        </div>
        <Field label="Artist statement" error={err('statement')} hint="Used to ground the drafted emails."><Textarea {...bind('statement')} /></Field>
        <Field label="Keywords" error={err('keywords')} hint="Comma separated; each becomes a search."><Input {...bind('keywords')} /></Field>
        <Field label="Sample works" error={err('sampleWorks')} hint="One per line: Title | https://link"><Textarea {...bind('sampleWorks')} /></Field>
      </fieldset>
      <fieldset>
        <legend>Sender</legend>
        <div className="grid-2">
          <Field label="From name" error={err('fromName')}><Input {...bind('fromName')} /></Field>
          <Field label="From email" error={err('fromEmail')}><Input type="email" {...bind('fromEmail')} /></Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Search</legend>
        <div className="grid-3">
          <Field label="Location code" error={err('locationCode')} hint="DataForSEO location, e.g. 2840 = United States"><Input inputMode="numeric" {...bind('locationCode')} /></Field>
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
          <Field label="Time zone" error={err('timeZone')}><Input {...bind('timeZone')} /></Field>
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
        <legend>Templates</legend>
        <Field label="Subject template" error={err('subjectTemplate')}><Input {...bind('subjectTemplate')} /></Field>
        <Field label="Body template" error={err('bodyTemplate')} hint="Used when Gemini is unavailable."><Textarea {...bind('bodyTemplate')} /></Field>
        <Field label="Follow-up template" error={err('followUpTemplate')}><Textarea {...bind('followUpTemplate')} /></Field>
      </fieldset>
      <div className="row"><Button type="submit" variant="primary" loading={busy}>{submitLabel}</Button></div>
    </form>
  );
}
