import type { Db } from "@outreach/db";

export interface DayActivity {
  day: string;
  sent: number;
  replied: number;
  accepted: number;
}

/**
 * Per-day counts for the dashboard charts over the last `days` days (UTC days): emails sent (first
 * emails and follow-ups), and prospects that replied or were accepted, dated by their last change.
 */
export async function campaignActivity(db: Db, campaignId: string, days: number): Promise<DayActivity[]> {
  const span = Math.min(Math.max(Math.trunc(days), 1), 365);
  const rows = await db.$queryRaw<{ day: Date; sent: bigint; replied: bigint; accepted: bigint }[]>`
    WITH days AS (
      SELECT generate_series(date_trunc('day', now()) - make_interval(days => ${span - 1}), date_trunc('day', now()), interval '1 day') AS day
    )
    SELECT d.day,
      (SELECT count(*) FROM email_logs e JOIN prospects p ON p.id = e.prospect_id
        WHERE p.campaign_id = ${campaignId}::uuid AND e.sent_at >= d.day AND e.sent_at < d.day + interval '1 day') AS sent,
      (SELECT count(*) FROM prospects p WHERE p.campaign_id = ${campaignId}::uuid AND p.outreach_status IN ('replied', 'accepted', 'rejected')
        AND p.updated_at >= d.day AND p.updated_at < d.day + interval '1 day') AS replied,
      (SELECT count(*) FROM prospects p WHERE p.campaign_id = ${campaignId}::uuid AND p.outreach_status = 'accepted'
        AND p.updated_at >= d.day AND p.updated_at < d.day + interval '1 day') AS accepted
    FROM days d ORDER BY d.day`;
  return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), sent: Number(r.sent), replied: Number(r.replied), accepted: Number(r.accepted) }));
}
