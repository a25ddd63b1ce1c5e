// Every user connects their own Gmail, through the real stack and the fake Google consent page:
// a new user connects an address of their own ("Use another account") and a campaign on it sends
// from that address; a second user connects another; replies and bounces land only on the email
// of the mailbox that received them; an unticked permission stores nothing and is named; a token
// revoked at Google marks only its mailbox "Needs reconnect" and pauses only its campaigns, and
// Reconnect through the consent page resumes them.
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { consent, db, env, expect, gql, logInAs, rawId, signUpInBrowser, test, type User } from './fixtures';

test.describe.configure({ mode: 'serial' });

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** A control action of the fake Gmail (packages/fakes/src/gmail.ts), over HTTP. */
async function fakeGmail<T = unknown>(action: string, body: Record<string, unknown> = {}): Promise<T> {
  const control = env.controls.gmail;
  if (!control) throw new Error('the stack runs no fake Gmail');
  const res = await fetch(`${control}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { ok?: boolean; result?: T; error?: string };
  if (!res.ok) throw new Error(`fake gmail ${action}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json.result as T;
}

type SentRecord = { account: string; to: string; subject: string; threadId: string; headers: Record<string, string> };
const sentBy = (account: string) => fakeGmail<SentRecord[]>('sent', { account });
const fromHeader = (r: SentRecord) => Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'from')?.[1] ?? '';

type MailboxRow = { id: string; address: string; status: string; lastSyncedAt: string | null; campaigns: { id: string }[] };
const mailboxesOf = async (user: User) =>
  (await gql<{ mailboxes: MailboxRow[] }>(`{ mailboxes { id address status lastSyncedAt campaigns { id } } }`, {}, user.token)).mailboxes;

const uniq = () => randomUUID().slice(0, 8);

/** The mailbox's card on Settings → Mailboxes. */
const card = (page: Page, address: string) => page.getByRole('list', { name: 'Mailboxes' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: address, exact: true }) });

/** Settings → Mailboxes → Connect Gmail → "Use another account" with `address` → back in the app, connected. */
async function connectNewAddress(page: Page, address: string) {
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Mailboxes' }).click();
  await expect(page.getByRole('heading', { name: 'Mailboxes', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Connect Gmail' }).first().click();
  await consent(page, { account: address, another: true });
  await expect(page).toHaveURL(/\/settings\/mailboxes$/);
  await expect(page.getByText(`Connected ${address}.`)).toBeVisible();
  await expect(card(page, address).getByText('Connected', { exact: true })).toBeVisible();
}

/** A prospect at `domain` with a first-email draft to `to`; returns the prospect's and the draft's global ids. */
async function prospectWithDraft(user: User, campaignId: string, domain: string, to: string) {
  // Written straight into the database: a prospect added through the API is enriched and scored by
  // itself, and that job would move this one on while the test drafts for it.
  const { rows: [prospect] } = await db().query<{ id: string }>(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, contact_email, contact_method, stage, score, source)
     VALUES ($1, $2, $3, $4, $5, 'email', 'drafted', 80, 'manual') RETURNING id`,
    [rawId(campaignId), domain, `https://${domain}/`, `Open call at ${domain}`, to]);
  const pid = prospect!.id;
  const { rows } = await db().query<{ id: string }>(
    `INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source)
     VALUES ($1, 0, 'draft', $2, $3, E'Dear editor,\\n\\nThree large stoneware vessels for your open call.\\n\\nAda', 'template') RETURNING id`,
    [pid, to, `Stoneware for ${domain}`]);
  return { prospectId: gid('Prospect', pid), emailId: gid('EmailLog', rows[0]!.id) };
}

async function approve(user: User, emailId: string) {
  const r = await gql<{ approveDraft: { __typename: string; message?: string } }>(
    `mutation($id: ID!) { approveDraft(id: $id) { __typename ... on Error { message } } }`, { id: emailId }, user.token);
  expect(r.approveDraft.__typename, r.approveDraft.message).toBe('MutationApproveDraftSuccess');
}

type EmailState = { id: string; status: string; thread: string | null; stage: string; outreach: string };
/** Every email of a user, with its prospect's stage: what must not change when another user's mail arrives. */
async function emailsOf(user: User): Promise<EmailState[]> {
  const { rows } = await db().query<EmailState>(
    `SELECT e.id, e.status::text AS status, e.gmail_thread_id AS thread, p.stage::text AS stage, p.outreach_status::text AS outreach
       FROM email_logs e JOIN prospects p ON p.id = e.prospect_id JOIN campaigns c ON c.id = p.campaign_id
      WHERE c.user_id = $1 ORDER BY e.id`, [rawId(user.userId)]);
  return rows;
}
const emailOf = async (emailId: string) =>
  (await db().query<EmailState>(`SELECT e.id, e.status::text AS status, e.gmail_thread_id AS thread, p.stage::text AS stage, p.outreach_status::text AS outreach
     FROM email_logs e JOIN prospects p ON p.id = e.prospect_id WHERE e.id = $1`, [rawId(emailId)])).rows[0]!;

/** Waits until the mailbox's reply sync ran after `since`: whatever it would have applied is applied. */
async function syncedAfter(user: User, address: string, since: number) {
  await expect.poll(async () => {
    const m = (await mailboxesOf(user)).find((x) => x.address === address);
    return m?.lastSyncedAt ? Date.parse(m.lastSyncedAt) > since : false;
  }, { timeout: 30_000, message: `${address} synced after ${new Date(since).toISOString()}` }).toBe(true);
}

const GALLERY = 'clay-gallery.example';
const KILN = 'kiln-magazine.example';
const GLAZE = 'glaze-review.example';

type Artist = { user: User; address: string; campaignId: string; emails: Record<string, { prospectId: string; emailId: string }> };
let a: Artist;
let b: Artist;

test('a new user connects their own Gmail on Google’s page, and a campaign on it sends from that address', async ({ page }) => {
  test.setTimeout(180_000);
  const user = await signUpInBrowser(page, `mailbox-a-${uniq()}@example.com`);
  const address = `ada-${uniq()}@gmail.test`;

  // Settings → Mailboxes: empty at first, then connected through the consent page.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Mailboxes' }).click();
  await expect(page.getByText('No Gmail mailbox connected yet')).toBeVisible();
  await expect(page.getByText('Pretend Gmail: nothing leaves this machine', { exact: false })).toBeVisible();
  await connectNewAddress(page, address);
  expect((await mailboxesOf(user)).map((m) => [m.address, m.status])).toEqual([[address, 'connected']]);

  // A new campaign sends from it: Send from starts on the mailbox and From email on its address.
  await page.goto('/campaigns/new');
  const form = page.getByRole('form', { name: 'Campaign settings' });
  await expect(form.getByLabel('Send from')).toHaveValue(/.+/);
  await expect(form.getByLabel('Send from').locator('option:checked')).toHaveText(address);
  await expect(form.getByLabel('From email', { exact: true })).toHaveValue(address);
  await expect(form.getByText(`Emails go out as ${address}.`)).toBeVisible();
  const fill = async (label: string, value: string) => { await form.getByLabel(label, { exact: true }).fill(value); };
  await fill('Campaign name', 'Stoneware from my own Gmail');
  await fill('Artist name', 'Ada Artist');
  await fill('Keywords', 'ceramics open call');
  await fill('From name', 'Ada');
  await fill('Send window start (hour)', '0');
  await fill('Send window end (hour)', '24');
  await fill('Time zone', 'UTC');
  await fill('Minimum gap (seconds)', '1');
  await fill('Maximum gap (seconds)', '2');
  await fill('Minimum score', '0');
  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new)[^/]+\/dashboard/);
  const campaignId = decodeURIComponent(/\/campaigns\/([^/]+)/.exec(page.url())![1]!);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText(/has no connected Gmail mailbox/)).toHaveCount(0);

  // Approve a draft on the prospect's page, and press nothing else: it is sent from the mailbox.
  const gallery = await prospectWithDraft(user, campaignId, GALLERY, `editor@${GALLERY}`);
  const kiln = await prospectWithDraft(user, campaignId, KILN, `submissions@${KILN}`);
  await page.goto(`/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(gallery.prospectId)}`);
  const editor = page.getByRole('region', { name: 'Draft editor' });
  await editor.getByRole('button', { name: 'Approve', exact: true }).click();
  // The dispatcher may send it before the notice is looked for: the sent thread then replaces the editor.
  const sentBadge = page.getByRole('article', { name: 'First email' }).getByText('sent', { exact: true });
  await expect(editor.getByText(/Approved\. It goes out with the send queue/).or(sentBadge)).toBeVisible();
  await expect(sentBadge).toBeVisible({ timeout: 60_000 });
  await approve(user, kiln.emailId);
  await expect.poll(async () => (await sentBy(address)).length, { timeout: 60_000 }).toBe(2);
  const sent = await sentBy(address);
  expect(sent.map((s) => s.to).sort()).toEqual([`editor@${GALLERY}`, `submissions@${KILN}`]);
  for (const s of sent) {
    expect(s.account).toBe(address);
    expect(fromHeader(s)).toContain(address);
  }
  a = { user, address, campaignId, emails: { [GALLERY]: gallery, [KILN]: kiln } };
});

test('a second user connects another address; replies and bounces land only on the email of the mailbox that got them', async ({ page, browser }) => {
  test.setTimeout(180_000);
  expect(a, 'the first test ran').toBeTruthy();
  const user = await signUpInBrowser(page, `mailbox-b-${uniq()}@example.com`);
  const address = `bea-${uniq()}@gmail.test`;
  await connectNewAddress(page, address);
  // Created without a mailbox id: the API puts it on the user's first connected mailbox.
  const created = await gql<{ createCampaign: { data: { id: string; sendsFrom: string | null; mailbox: { id: string } | null } } }>(
    `mutation($input: CampaignInput!) { createCampaign(input: $input) { ... on MutationCreateCampaignSuccess { data { id sendsFrom mailbox { id } } } } }`,
    { input: { name: 'Bea’s vessels', artistName: 'Bea Potter', medium: 'ceramics', fromName: 'Bea', fromEmail: address, keywords: ['ceramics'],
      statement: 'Porcelain.', sendWindowStart: 0, sendWindowEnd: 24, timeZone: 'UTC', minGapSeconds: 1, maxGapSeconds: 2, minScore: 0 } }, user.token);
  expect(created.createCampaign.data.sendsFrom).toBe(address);
  const campaignId = created.createCampaign.data.id;
  // The same editors as the first user's: only the mailbox tells the two users' threads apart.
  const gallery = await prospectWithDraft(user, campaignId, GALLERY, `editor@${GALLERY}`);
  const kiln = await prospectWithDraft(user, campaignId, KILN, `submissions@${KILN}`);
  await approve(user, gallery.emailId);
  await approve(user, kiln.emailId);
  await expect.poll(async () => (await sentBy(address)).length, { timeout: 60_000 }).toBe(2);
  for (const s of await sentBy(address)) expect(fromHeader(s)).toContain(address);
  expect((await sentBy(a.address)).length, 'nothing more left from the first mailbox').toBe(2);
  b = { user, address, campaignId, emails: { [GALLERY]: gallery, [KILN]: kiln } };
  // Gmail accepted them; wait until the app recorded both as sent (with their threads) before comparing.
  for (const who of [a, b]) {
    await expect.poll(async () => (await emailsOf(who.user)).map((e) => e.status), { timeout: 30_000 }).toEqual(['sent', 'sent']);
  }

  for (const [who, other] of [[a, b], [b, a]] as const) {
    const before = await emailsOf(other.user);
    const replyThread = (await emailOf(who.emails[GALLERY]!.emailId)).thread!;
    const bounceThread = (await emailOf(who.emails[KILN]!.emailId)).thread!;
    expect(replyThread && bounceThread, 'the sent emails have Gmail threads').toBeTruthy();
    const delivered = Date.now();
    await fakeGmail('deliver-reply', { target: replyThread, kind: 'reply', body: 'Thanks, we would love to see more.' });
    await fakeGmail('deliver-reply', { target: bounceThread, kind: 'bounce' });

    // The mailbox's reply sync applies them (the worker reads the inbox every second in this stack).
    await expect.poll(async () => [(await emailOf(who.emails[GALLERY]!.emailId)).outreach, (await emailOf(who.emails[KILN]!.emailId)).status],
      { timeout: 60_000, message: `the reply and the bounce reached ${who.address}'s emails` }).toEqual(['replied', 'bounced']);

    // In the app, as that user: the reply on the board and the prospect page, the bounce on its thread.
    const context = await browser.newContext({ baseURL: env.webUrl });
    const view = await context.newPage();
    await logInAs(view, who.user);
    await view.goto(`/campaigns/${encodeURIComponent(who.campaignId)}/board`);
    await expect(view.locator('section[data-stage="replied"]').getByText(GALLERY, { exact: true })).toBeVisible({ timeout: 30_000 });
    await view.goto(`/campaigns/${encodeURIComponent(who.campaignId)}/prospects/${encodeURIComponent(who.emails[GALLERY]!.prospectId)}`);
    await expect(view.getByText('replied', { exact: true }).first()).toBeVisible();
    await view.goto(`/campaigns/${encodeURIComponent(who.campaignId)}/prospects/${encodeURIComponent(who.emails[KILN]!.prospectId)}`);
    await expect(view.getByRole('article', { name: 'First email' }).getByText('bounced', { exact: true })).toBeVisible({ timeout: 30_000 });
    await context.close();

    // The other user's mailbox synced since, and none of their emails changed.
    await syncedAfter(other.user, other.address, delivered);
    expect(await emailsOf(other.user)).toEqual(before);
  }
});

test('a permission unticked on Google’s page is named, and nothing is stored; Cancel connects nothing', async ({ page }) => {
  expect(a, 'the first test ran').toBeTruthy();
  await logInAs(page, a.user);
  await page.goto('/settings/mailboxes');
  const partial = `partial-${uniq()}@gmail.test`;
  await page.getByRole('button', { name: 'Connect Gmail' }).click();
  await consent(page, { account: partial, another: true, untick: [/gmail\.send/] });
  await expect(page).toHaveURL(/\/settings\/mailboxes$/);
  await expect(page.getByRole('heading', { name: 'Gmail was not connected' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Missing permissions' })).toContainText('Send email on your behalf');
  expect((await mailboxesOf(a.user)).map((m) => m.address)).toEqual([a.address]);

  // Choose again goes back to Google; Cancel there comes back with nothing connected.
  await page.getByRole('button', { name: 'Choose again' }).click();
  await consent(page, { account: partial, another: true, press: 'Cancel' });
  await expect(page).toHaveURL(/\/settings\/mailboxes$/);
  await expect(page.getByText('You cancelled on Google’s page. Nothing was connected.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect((await mailboxesOf(a.user)).map((m) => m.address)).toEqual([a.address]);
});

test('a token revoked at Google stops only its own mailbox, until Reconnect resumes its campaigns', async ({ page }) => {
  test.setTimeout(180_000);
  expect(a && b, 'the first tests ran').toBeTruthy();
  const aGlaze = await prospectWithDraft(a.user, a.campaignId, GLAZE, `hello@${GLAZE}`);
  const bGlaze = await prospectWithDraft(b.user, b.campaignId, GLAZE, `hello@${GLAZE}`);

  await fakeGmail('revoke-refresh-token', { account: a.address });
  await approve(a.user, aGlaze.emailId);
  await approve(b.user, bGlaze.emailId);

  // The other mailbox keeps sending.
  await expect.poll(async () => (await sentBy(b.address)).length, { timeout: 60_000 }).toBe(3);
  // Only the revoked one needs reconnecting, and only its campaign is paused.
  await expect.poll(async () => (await mailboxesOf(a.user))[0]!.status, { timeout: 60_000 }).toBe('needs_reconnect');
  expect((await mailboxesOf(b.user))[0]!.status).toBe('connected');
  const paused = async (user: User, id: string) =>
    (await gql<{ campaign: { sendingPausedReason: string | null } }>(`query($id: ID!) { campaign(id: $id) { sendingPausedReason } }`, { id }, user.token)).campaign.sendingPausedReason;
  await expect.poll(() => paused(a.user, a.campaignId), { timeout: 30_000 }).not.toBeNull();
  expect(await paused(b.user, b.campaignId)).toBeNull();
  expect((await emailOf(aGlaze.emailId)).status).toBe('approved');
  expect((await sentBy(a.address)).length).toBe(2);

  // The first user sees it: the mailbox's alert with Reconnect, the campaign's notice, the card's badge.
  await logInAs(page, a.user);
  await page.goto(`/campaigns/${encodeURIComponent(a.campaignId)}/dashboard`);
  await expect(page.locator('.page').getByText(`${a.address} needs reconnecting.`)).toBeVisible();
  const alert = page.locator('.app-banners').getByRole('alert').filter({ hasText: `${a.address} needs reconnecting:` });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await page.goto('/settings/mailboxes');
  await expect(card(page, a.address).getByText('Needs reconnect', { exact: true })).toBeVisible();

  // Reconnect from the alert, choosing the same account on Google's page: the campaign sends again.
  await alert.getByRole('button', { name: `Reconnect ${a.address}` }).click();
  await consent(page, { account: a.address });
  await expect(page).toHaveURL(/\/settings\/mailboxes$/);
  await expect(page.getByText(`Reconnected ${a.address}.`)).toBeVisible();
  await expect(page.getByText('1 paused campaign sends again.')).toBeVisible();
  await expect(card(page, a.address).getByText('Connected', { exact: true })).toBeVisible();
  await expect.poll(async () => (await sentBy(a.address)).length, { timeout: 60_000 }).toBe(3);
  await expect.poll(async () => (await emailOf(aGlaze.emailId)).status, { timeout: 30_000 }).toBe('sent');
  expect(await paused(a.user, a.campaignId)).toBeNull();
  await expect(page.locator('.app-banners').getByText(`${a.address} needs reconnecting:`)).toHaveCount(0);
});
