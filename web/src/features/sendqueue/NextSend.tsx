// When the campaign's next email goes out. The dispatcher sends approved email by itself at the
// times of the send plan (window, daily cap, random gap); this line says when, in the campaign's
// time zone, with a countdown. Used by the Send queue page and the dashboard, which both keep it
// live: a prospect or a send job of the campaign changing, or the countdown reaching zero, makes
// them ask the server again (the plan is the server's, never computed here).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import { formatClockIn, formatCountdown } from '../../lib/format';
import { Link } from '../../lib/router';

/** While the countdown stays at zero (the send is late, or an event was missed), ask again this often. */
export const OVERDUE_RECHECK_MS = 15_000;
/** Live events closer together than this share one refetch. */
export const LIVE_REFETCH_WINDOW_MS = 400;

export function NextSend({ nextSendAt, timeZone, sending = false, idleText = 'Nothing queued', onDue, action }: {
  nextSendAt: string | null | undefined;
  timeZone: string;
  /** The next email's send job is already on its way. */
  sending?: boolean;
  /** Said when nothing is planned. */
  idleText?: string;
  /** Called when the countdown reaches zero, and every OVERDUE_RECHECK_MS while it stays there. */
  onDue?: () => void;
  action?: ReactNode;
}) {
  const target = nextSendAt ? new Date(nextSendAt).getTime() : null;
  const valid = target !== null && !Number.isNaN(target);
  const now = useNow(valid);
  const remaining = valid ? target - now : null;
  const due = sending || (remaining !== null && remaining <= 0);

  // Fire onDue when this target's countdown crosses zero, then at most every OVERDUE_RECHECK_MS
  // while overdue. A new target already in the past (an email on its way is planned "now") does
  // not fire at once: the refetch that brought it is fresh, and firing would refetch in a loop.
  const onDueRef = useRef(onDue);
  useEffect(() => { onDueRef.current = onDue; });
  const lastFired = useRef(Date.now());
  const prev = useRef<{ target: number | null; remaining: number | null }>({ target: null, remaining: null });
  useEffect(() => {
    const before = prev.current;
    prev.current = { target, remaining };
    if (remaining === null || remaining > 0 || !onDueRef.current) return;
    const crossed = before.target === target && before.remaining !== null && before.remaining > 0;
    if (crossed || now - lastFired.current >= OVERDUE_RECHECK_MS) {
      lastFired.current = now;
      onDueRef.current();
    }
  }, [now, target, remaining]);

  return (
    <div className="next-send" data-state={!valid ? 'idle' : due ? 'due' : 'waiting'}>
      <span className="next-send-icon" aria-hidden="true">➤</span>
      <p className="next-send-text">
        <span role="status">
          {valid
            ? <>Next email at <strong><time dateTime={nextSendAt!}>{formatClockIn(nextSendAt, timeZone, new Date(now))}</time></strong> <span className="muted">({timeZone})</span></>
            : idleText}
        </span>
        {valid ? <>{' '}<span role="timer" className={due ? 'next-send-countdown next-send-now' : 'next-send-countdown'}>{due ? 'sending now' : `in ${formatCountdown(remaining!)}`}</span></> : null}
      </p>
      {action ? <span className="next-send-action">{action}</span> : null}
    </div>
  );
}

/** Date.now(), re-read every second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

// Small documents of their own: only the fact that something changed matters here.
export const SendPlanProspectSubscription = graphql(`
  subscription SendPlanProspect($campaignId: ID!) {
    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }
  }
`);

export const SendPlanJobSubscription = graphql(`
  subscription SendPlanJob($campaignId: ID!) {
    jobUpdated(campaignId: $campaignId) { id jobType status }
  }
`);

/** Jobs whose changes move the send plan: a send starting or ending, a follow-up being written. */
const PLAN_JOBS = new Set(['send', 'followup']);

/**
 * Keeps a view of the send plan live: any prospect of the campaign changing (a draft approved, an
 * email sent, a reply) or a send/follow-up job changing calls `refresh`, at most once per
 * LIVE_REFETCH_WINDOW_MS. Returns the same scheduler, for the countdown reaching zero.
 */
export function useLiveSendPlan(campaignId: string, refresh: () => void): () => void {
  const refreshRef = useRef(refresh);
  useEffect(() => { refreshRef.current = refresh; });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); timer.current = null; }, []);
  const schedule = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; refreshRef.current(); }, LIVE_REFETCH_WINDOW_MS);
  }, []);
  useSubscription({ query: SendPlanProspectSubscription, variables: { campaignId } }, (_prev, data) => { schedule(); return data; });
  useSubscription({ query: SendPlanJobSubscription, variables: { campaignId } }, (_prev, data) => {
    if (PLAN_JOBS.has(data.jobUpdated.jobType)) schedule();
    return data;
  });
  return schedule;
}

export const CampaignNextSendQuery = graphql(`
  query CampaignNextSend($id: ID!) {
    campaign(id: $id) { id status sendingPausedReason timeZone nextSendAt }
  }
`);

/** The dashboard's line: the campaign's next send, live, with a link to the whole queue. */
export function CampaignNextSend({ campaignId }: { campaignId: string }) {
  const [{ data, stale }, refetch] = useQuery({ query: CampaignNextSendQuery, variables: { id: campaignId } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const schedule = useLiveSendPlan(campaignId, refresh);
  const c = data?.campaign;
  if (!c) return null;
  const paused = c.status === 'paused' || !!c.sendingPausedReason;
  return (
    <NextSend nextSendAt={c.nextSendAt} timeZone={c.timeZone} onDue={schedule}
      // A cached campaign without nextSendAt yet reads as null until the server answers.
      idleText={stale && !c.nextSendAt ? 'Checking the send queue…' : paused ? 'Sending is paused: nothing goes out until the campaign is resumed' : 'Nothing queued'}
      action={<Link to={`/campaigns/${encodeURIComponent(campaignId)}/send-queue`}>Send queue</Link>} />
  );
}
