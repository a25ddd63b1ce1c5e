/**
 * Planning the send queue: 10,000 approved emails across 100 campaigns (10 users, time zones from
 * Auckland to Los Angeles, caps, windows, gaps, some suppressions and a send history) planned by
 * `loadSendPlans` (what the dispatcher sweep and the Send queue page use), versus reading the same
 * approved emails with one hand-written SQL query, interleaved in the same run.
 */
import { createDb } from "@outreach/db";
import { loadSendPlans } from "@outreach/core/outreach";
import { createTestDatabase } from "@outreach/testkit";
import pg from "pg";
import { ms, summary } from "./stats.ts";

const USERS = 10;
const CAMPAIGNS_PER_USER = 10;
const EMAILS_PER_CAMPAIGN = 100;
const WARMUP = 3;
const ROUNDS = Number(process.env.BENCH_PLAN_ROUNDS ?? 15);
const ZONES = ["Pacific/Auckland", "Asia/Tokyo", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "UTC"];

const SQL = `SELECT e.id, e.prospect_id, e.step, e.status, e.to_email, e.flags, e.subject, e.approved_at, e.scheduled_at,
  p.campaign_id, p.domain, p.contact_email, p.score, p.outreach_status, p.stage, p.skip_reason
FROM email_logs e JOIN prospects p ON p.id = e.prospect_id
WHERE p.campaign_id = ANY($1::uuid[]) AND e.status = 'approved'
ORDER BY e.step DESC, p.score DESC NULLS LAST, e.approved_at, e.id`;

export async function benchSendPlan() {
  const database = await createTestDatabase("bench-plan");
  const db = createDb(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const now = new Date();
  const campaignIds: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const user = await db.user.create({ data: { email: `plan-${u}@example.org`, name: `User ${u}`, passwordHash: "x" } });
    // One Gmail mailbox per user, shared by the user's campaigns: its own cap (50 a day) holds them all.
    const mailbox = await db.mailbox.create({ data: { userId: user.id, address: `plan-${u}@gmail.example` } });
    for (let c = 0; c < CAMPAIGNS_PER_USER; c++) {
      const i = u * CAMPAIGNS_PER_USER + c;
      const campaign = await db.campaign.create({
        data: {
          userId: user.id, mailboxId: mailbox.id, name: `Campaign ${i}`, artistName: "A", fromName: "A", fromEmail: "a@example.org", keywords: ["ceramics"],
          timeZone: ZONES[i % ZONES.length]!, dailyCap: 20 + (i % 5) * 10, sendWindowStart: 8 + (i % 3), sendWindowEnd: 17 + (i % 3),
          minGapSeconds: 60, maxGapSeconds: 180 + (i % 4) * 60, cooldownDays: 30, minScore: 20,
        },
      });
      campaignIds.push(campaign.id);
      await db.prospect.createMany({
        data: Array.from({ length: EMAILS_PER_CAMPAIGN + 5 }, (_, k) => ({
          campaignId: campaign.id, domain: `s${k}-${i}.example`, contactEmail: `editor@s${k}-${i}.example`,
          score: (k * 37) % 100, stage: k < EMAILS_PER_CAMPAIGN ? ("approved" as const) : ("sent" as const), outreachStatus: k < EMAILS_PER_CAMPAIGN ? ("pending" as const) : ("sent" as const),
        })),
      });
      const prospects = await db.prospect.findMany({ where: { campaignId: campaign.id }, select: { id: true, stage: true, contactEmail: true }, orderBy: { domain: "asc" } });
      await db.emailLog.createMany({
        data: prospects.map((p, k) => ({
          prospectId: p.id, step: 0, subject: "Hello", body: "...",
          ...(p.stage === "sent"
            ? { status: "sent" as const, mailboxId: mailbox.id, toEmail: p.contactEmail, sentAt: new Date(now.getTime() - k * 600_000), claimedAt: new Date(now.getTime() - k * 600_000) }
            : { status: "approved" as const, approvedAt: new Date(now.getTime() - k * 1000) }),
        })),
      });
    }
    await db.suppression.createMany({ data: Array.from({ length: 20 }, (_, k) => ({ userId: user.id, value: `s${k}-${u * CAMPAIGNS_PER_USER}.example`, reason: "manual" as const })) });
  }
  const approved = await db.emailLog.count({ where: { status: "approved" } });

  const plan = async () => {
    const plans = await loadSendPlans(db, campaignIds, now);
    if (plans.size !== campaignIds.length) throw new Error("a campaign has no plan");
    return [...plans.values()].reduce((n, p) => n + p.queue.length + p.blocked.length, 0);
  };
  const sql = async () => {
    const { rows } = await pool.query(SQL, [campaignIds]);
    if (rows.length !== approved) throw new Error(`unexpected SQL answer: ${rows.length} rows`);
  };
  const time = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  const planned = await plan();
  if (planned !== approved) throw new Error(`the plans hold ${planned} emails, not ${approved}`);
  for (let i = 0; i < WARMUP; i++) await Promise.all([plan(), sql()]);
  const p: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    p.push(await time(plan));
    s.push(await time(sql));
  }
  const P = summary(p);
  const S = summary(s);
  const result = { name: "Send plan", emails: approved, campaigns: campaignIds.length, plan: P, sql: S, ratioP50: P.p50 / S.p50 };
  console.log(
    `${result.name}: ${approved} approved emails in ${campaignIds.length} campaigns planned p50 ${ms(P.p50)} p99 ${ms(P.p99)} | one SQL read p50 ${ms(S.p50)} | ratio p50 ${result.ratioP50.toFixed(1)} (n=${ROUNDS})`,
  );
  await pool.end();
  await db.$disconnect();
  await database.drop();
  return result;
}
