// Sending runs by itself, through the real stack: a user signs up, sets up a campaign that sends
// all day with a short random gap and no auto-approve, lets discovery draft emails, approves three
// of them and presses nothing else. The Send queue says when the next one goes and counts down;
// the three cards reach the Sent column of a board open in another tab without a reload. Then, on
// Test tools (sandbox), one prospect's follow-up is made due now; the user approves the follow-up
// draft on the prospect's page and sees it sent in the same thread.
import type { Page } from '@playwright/test';
import { connectGmail, escapeRegExp as escape, expect, gql, shots, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

type Draft = { id: string; toEmail: string | null; prospect: { id: string; domain: string } };

/** The document is not reloaded: a mark set on window survives only client-side updates. */
async function markDocument(page: Page) {
  await page.evaluate(() => { (window as unknown as { __e2eMark: number }).__e2eMark = 11; });
}
async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __e2eMark?: number }).__e2eMark), 'no reload happened').toBe(11);
}

/** The next-email line (other live regions, like the sandbox banner, say other things). */
const nextSendLine = (page: Page) => page.getByRole('status').filter({ hasText: /^(Next email at|Nothing queued|Sending is paused)/ });

test('approved emails go out by themselves at their planned times; a follow-up made due is sent in the thread', async ({ page, context }) => {
  test.setTimeout(300_000);

  // Sign up and set up a campaign: every hour of the day in UTC, 5 to 8 s between sends, every email reviewed.
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Ada Artist');
  await page.getByLabel('Email').fill(`dispatch-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Create your first campaign')).toBeVisible();
  const token = await page.evaluate(() => localStorage.getItem('outreach.token'));
  expect(token, 'signed in').toBeTruthy();
  // Emails go out from the user's own Gmail (the fake's): connected as on Settings → Mailboxes.
  const address = await connectGmail(token!);
  await page.getByRole('link', { name: 'New campaign' }).click();
  await expect(page.getByLabel('Campaign name')).toBeVisible();
  const form = page.getByRole('form', { name: 'Campaign settings' });
  const fill = async (label: string, value: string) => { await form.getByLabel(label, { exact: true }).fill(value); };
  await fill('Campaign name', 'Stoneware, sent by itself');
  await fill('Artist name', 'Ada Artist');
  await fill('Medium', 'stoneware ceramics');
  await fill('Artist statement', 'I make large stoneware vessels.');
  await fill('Keywords', 'ceramics open call');
  await fill('From name', 'Ada');
  await expect(form.getByLabel('From email', { exact: true })).toHaveValue(address);
  await fill('Search depth', '10');
  await fill('Daily cap', '500');
  await fill('Send window start (hour)', '0');
  await fill('Send window end (hour)', '24');
  await fill('Time zone', 'UTC');
  await fill('Minimum gap (seconds)', '5');
  await fill('Maximum gap (seconds)', '8');
  await fill('Minimum score', '0');
  await expect(form.getByLabel('Auto-approve score')).toHaveValue('');
  await form.getByRole('button', { name: /create campaign/i }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new)[^/]+\/dashboard/);
  const campaignId = decodeURIComponent(/\/campaigns\/([^/]+)/.exec(page.url())![1]!);
  // Nothing is approved yet: the dashboard says nothing is queued.
  await expect(nextSendLine(page)).toHaveText('Nothing queued');

  // Discovery drafts the first emails.
  const nav = page.getByRole('navigation', { name: 'Campaign' });
  await nav.getByRole('link', { name: 'Discovery' }).click();
  const discovery = page.getByRole('form', { name: 'Start discovery' });
  await discovery.getByRole('button', { name: 'Start discovery' }).click();
  await expect(discovery.getByText('Discovery started.')).toBeVisible();
  let drafts: Draft[] = [];
  await expect.poll(async () => {
    const d = await gql<{ emailLogs: { edges: { node: Draft }[] } }>(
      `query($f: EmailLogFilter!) { emailLogs(first: 50, filter: $f) { edges { node { id toEmail prospect { id domain } } } } }`,
      { f: { campaignId, statuses: ['draft'] } }, token!);
    drafts = d.emailLogs.edges.map((e) => e.node).filter((n) => n.toEmail);
    return drafts.length;
  }, { timeout: 180_000, message: 'three drafts with an address to write to' }).toBeGreaterThanOrEqual(3);
  const chosen = drafts.slice(0, 3);
  const domains = chosen.map((d) => d.prospect.domain);

  // A second tab keeps the board open while the emails go out.
  const board = await context.newPage();
  await board.goto(`/campaigns/${encodeURIComponent(campaignId)}/board`);
  await expect(board.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
  const sentColumn = board.locator('section[data-stage="sent"]');
  for (const d of domains) await expect(sentColumn.getByText(d, { exact: true })).toHaveCount(0);
  await markDocument(board);

  // Approve three drafts, and press nothing else.
  await page.bringToFront();
  await nav.getByRole('link', { name: 'Drafts & review' }).click();
  const table = page.getByRole('table', { name: 'Emails' });
  for (const d of domains) await table.getByRole('checkbox', { name: `Select the draft for ${d}` }).check();
  await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Approve selected' }).click();
  await expect(page.getByText('3 drafts approved.')).toBeVisible();

  // The Send queue says when the next one goes, in the campaign's time zone, and counts down.
  await markDocument(page);
  await nav.getByRole('link', { name: 'Send queue' }).click();
  await expect(page.getByText(/Approved emails go out by themselves/)).toBeVisible();
  await expect(nextSendLine(page)).toHaveText(/^Next email at \d\d:\d\d \(UTC\)$/);
  await expect(page.getByRole('timer')).toHaveText(/^(in \d+ s|sending now)$/);
  await shots(page, 'send-queue-dispatching');
  // It follows the queue live until the last email is out.
  await expect(nextSendLine(page)).toHaveText('Nothing queued', { timeout: 60_000 });
  await expect(page.getByText('Nothing waiting to be sent')).toBeVisible();
  await expect(page.getByText('3 / 500')).toBeVisible();
  await expectSameDocument(page);

  // Meanwhile the open board moved the three cards to Sent, without a reload.
  for (const d of domains) await expect(sentColumn.getByText(d, { exact: true })).toBeVisible({ timeout: 30_000 });
  await expectSameDocument(board);
  await shots(board, 'board-dispatched');
  await board.close();

  // Gmail got them one by one, with at least the minimum gap between two sends.
  const sent = await gql<{ emailLogs: { edges: { node: { sentAt: string | null; prospect: { domain: string } } }[] } }>(
    `query($f: EmailLogFilter!) { emailLogs(first: 50, filter: $f) { edges { node { sentAt prospect { domain } } } } }`,
    { f: { campaignId, statuses: ['sent'] } }, token!);
  const times = sent.emailLogs.edges.map((e) => e.node).filter((n) => domains.includes(n.prospect.domain)).map((n) => Date.parse(n.sentAt!)).sort((a, b) => a - b);
  expect(times).toHaveLength(3);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, 'the gap between two sends').toBeGreaterThanOrEqual(5000 - 1000);

  // Test tools (sandbox): make the first prospect's follow-up due now.
  const target = chosen[0]!;
  await nav.getByRole('link', { name: 'Test tools' }).click();
  const due = page.getByRole('form', { name: 'Make a follow-up due now' });
  const option = due.locator('option').filter({ hasText: new RegExp(`^${escape(target.prospect.domain)} · no follow-up yet`) });
  await due.getByLabel('Prospect').selectOption((await option.getAttribute('value'))!);
  await due.getByRole('button', { name: 'Make follow-up due now' }).click();
  const done = due.getByRole('status').filter({ hasText: `Follow-up 1 of ${target.prospect.domain} is due now` });
  await expect(done).toBeVisible();
  await expect(done.getByRole('link', { name: 'Follow the job' })).toHaveAttribute('href', /\/jobs\/[^/]+$/);
  await shots(page, 'test-tools-followup-due');
  await done.getByRole('link', { name: 'Open the prospect' }).click();

  // The follow-up is written as a draft (the campaign reviews every email): approve it as a user would.
  await expect(page.getByRole('heading', { name: target.prospect.domain })).toBeVisible();
  const editor = page.getByRole('region', { name: 'Draft editor' });
  await expect(editor.getByRole('heading', { name: /^Follow-up 1/ })).toBeVisible({ timeout: 60_000 });
  await editor.getByRole('button', { name: 'Approve', exact: true }).click();
  // The send queue may send it before the notice is looked for: the sent thread then replaces the editor.
  const followUp = page.getByRole('article', { name: 'Follow-up 1' });
  const followUpSent = followUp.getByText('sent', { exact: true });
  await expect(editor.getByText(/Approved\. It goes out with the send queue/).or(followUpSent)).toBeVisible();

  // The send queue sends it in the same thread: the thread shows it sent, below the first email.
  await expect(followUpSent).toBeVisible({ timeout: 60_000 });
  await expect(followUp).toContainText(/Re: /);
  await expect(page.getByRole('article', { name: 'First email' }).getByText('sent', { exact: true })).toBeVisible();
  await expectSameDocument(page);
  await shots(page, 'prospect-followup-sent');
  const thread = await gql<{ prospect: { followupsSent: number; emails: { step: number; status: string; gmailThreadId: string | null }[] } }>(
    `query($id: ID!) { prospect(id: $id) { followupsSent emails { step status gmailThreadId } } }`, { id: target.prospect.id }, token!);
  const [first, second] = [0, 1].map((s) => thread.prospect.emails.find((e) => e.step === s));
  expect(second?.status).toBe('sent');
  expect(second?.gmailThreadId, 'the follow-up is in the first email’s Gmail thread').toBe(first?.gmailThreadId);
  expect(thread.prospect.followupsSent).toBe(1);
});
