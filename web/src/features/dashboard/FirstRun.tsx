import { Link } from '../../lib/router';

/** What the checklist and the dashboard's main action are computed from (existing queries only). */
export type FirstRunState = {
  mailboxConnected: boolean;
  campaignId: string | null;
  /** Prospects in any stage. */
  prospects: number;
  /** Prospects whose draft waits for review. */
  drafted: number;
  /** Prospects past review: approved, sent, replied, accepted or rejected. */
  reviewed: number;
  active: boolean;
};

export type Step = { key: string; label: string; done: boolean; to: string; hint: string };

export function firstRunSteps(s: FirstRunState): Step[] {
  const c = s.campaignId ? `/campaigns/${encodeURIComponent(s.campaignId)}` : null;
  return [
    { key: 'gmail', label: 'Connect Gmail', done: s.mailboxConnected, to: '/settings/mailboxes', hint: 'Settings → Mailboxes: emails go out from your own Gmail.' },
    { key: 'campaign', label: 'Create a campaign', done: !!s.campaignId, to: '/campaigns/new', hint: 'Your artist profile and what to look for.' },
    { key: 'discovery', label: 'Start discovery', done: s.prospects > 0, to: c ? `${c}/discovery` : '/campaigns/new', hint: 'Find galleries, magazines and blogs that fit your work.' },
    { key: 'review', label: 'Review drafts', done: s.drafted === 0 && s.reviewed > 0, to: c ? `${c}/drafts` : '/campaigns/new', hint: 'Read, edit and approve the emails before anything is sent.' },
    { key: 'sending', label: 'Turn sending on', done: s.active && s.reviewed > 0, to: c ? `${c}/send-queue` : '/campaigns/new', hint: 'Approved emails go out in your send window.' },
  ];
}

/** A short checklist for a new account, the next step highlighted; gone once every step is done. */
export function FirstRunChecklist({ state }: { state: FirstRunState }) {
  const steps = firstRunSteps(state);
  const next = steps.find((s) => !s.done);
  if (!next) return null;
  const done = steps.filter((s) => s.done).length;
  return (
    <section className="card checklist" aria-labelledby="first-run-title">
      <header className="card-header">
        <h2 id="first-run-title" className="card-title">Get started</h2>
        <span className="small muted">{done} of {steps.length} done</span>
      </header>
      <ol className="checklist-steps">
        {steps.map((s, i) => (
          <li key={s.key} data-state={s.done ? 'done' : s === next ? 'next' : 'todo'} aria-current={s === next ? 'step' : undefined}>
            <span className="checklist-mark" aria-hidden="true">{s.done ? '✓' : i + 1}</span>
            <div className="checklist-text">
              {s.done ? <span>{s.label}<span className="visually-hidden"> (done)</span></span>
                : <Link to={s.to} className={s === next ? 'btn btn-primary btn-sm' : undefined}>{s.label}{s === next ? <span className="visually-hidden"> (next step)</span> : null}</Link>}
              {s === next ? <span className="small muted">{s.hint}</span> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The dashboard's main action for where the campaign is. */
export function nextAction(s: FirstRunState): { label: string; to: string } {
  const c = `/campaigns/${encodeURIComponent(s.campaignId ?? '')}`;
  if (!s.mailboxConnected) return { label: 'Connect Gmail', to: '/settings/mailboxes' };
  if (s.prospects === 0) return { label: 'Start discovery', to: `${c}/discovery` };
  if (s.drafted > 0) return { label: `Review ${s.drafted.toLocaleString()} ${s.drafted === 1 ? 'draft' : 'drafts'}`, to: `${c}/drafts` };
  if (s.reviewed > 0) return { label: 'Open the send queue', to: `${c}/send-queue` };
  return { label: 'Open the board', to: `${c}/board` };
}
