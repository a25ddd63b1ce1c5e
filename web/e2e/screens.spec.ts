// Every screen in its empty, loading, full and error states, at desktop (1440x900) and narrow
// (390x844) widths: PNGs in e2e/screenshots/<screen>-<state>-<width>.png. Each state is also
// asserted, so a screen that shows the wrong state fails here rather than only in a picture.
// Loading: GraphQL requests are held by a route handler until the picture is taken.
// Error: GraphQL requests fail at the network level (the API "cannot be reached").
import type { Page, Route } from '@playwright/test';
import { axeCheck } from './axe';
import { connectGmail, createCampaign, db, env, expect, gql, logInAs, rawId, shots, signUp, test, VIEWPORTS, type User } from './fixtures';

type Screen = { name: string; path: (c: string) => string; ready: (p: Page) => Promise<void> };

const heading = (name: string | RegExp) => async (p: Page) => { await expect(p.getByRole('heading', { name, exact: typeof name === 'string' }).first()).toBeVisible(); };

const CAMPAIGN_SCREENS: Screen[] = [
  { name: 'dashboard', path: (c) => `/campaigns/${c}/dashboard`, ready: heading('Prospects per stage') },
  { name: 'board', path: (c) => `/campaigns/${c}/board`, ready: async (p) => { await expect(p.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible(); await expect(p.locator('.column-body .spinner')).toHaveCount(0); } },
  { name: 'prospects', path: (c) => `/campaigns/${c}/prospects`, ready: async (p) => { await expect(p.getByRole('status', { name: 'Loading prospects' })).toHaveCount(0); await expect(p.getByRole('heading', { name: 'Prospects', exact: true })).toBeVisible(); } },
  { name: 'jobs', path: (c) => `/campaigns/${c}/jobs`, ready: async (p) => { await expect(p.getByRole('heading', { name: 'Jobs', exact: true })).toBeVisible(); await expect(p.locator('.skeleton')).toHaveCount(0); } },
  { name: 'settings', path: (c) => `/campaigns/${c}/settings`, ready: async (p) => { await expect(p.getByLabel('Campaign name')).toHaveValue(/.+/); } },
  { name: 'add-import', path: (c) => `/campaigns/${c}/add`, ready: heading('Add one prospect') },
  { name: 'discovery', path: (c) => `/campaigns/${c}/discovery`, ready: heading(/discovery/i) },
  { name: 'drafts', path: (c) => `/campaigns/${c}/drafts`, ready: heading(/drafts/i) },
  { name: 'send-queue', path: (c) => `/campaigns/${c}/send-queue`, ready: heading(/send queue/i) },
  { name: 'test-tools', path: (c) => `/campaigns/${c}/test-tools`, ready: heading(/test tools/i) },
];
const GLOBAL_SCREENS: Screen[] = [
  { name: 'providers', path: () => '/providers', ready: async (p) => { await heading('Provider health')(p); await expect(p.locator('.skeleton')).toHaveCount(0); } },
  { name: 'suppressions', path: () => '/suppressions', ready: heading(/suppression/i) },
  { name: 'mailboxes', path: () => '/settings/mailboxes', ready: async (p) => { await expect(p.getByRole('heading', { name: 'Mailboxes', level: 1 })).toBeVisible(); await expect(p.getByRole('heading', { name: 'Google sign-in setup' })).toBeVisible(); } },
];
const DATA_SCREENS = ['dashboard', 'board', 'prospects', 'jobs', 'settings', 'providers', 'discovery', 'drafts', 'send-queue', 'test-tools', 'suppressions', 'mailboxes'];

/** The next-email line of the dashboard and the Send queue. */
const nextSendLine = (page: Page) => page.getByRole('status').filter({ hasText: /^(Next email at|Nothing queued|Sending is paused)/ });

/** The smallest rendered font size (px) of any visible text on the page, SVG text at its drawn scale. */
function smallestText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let min = Infinity;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || !el.checkVisibility() || el.closest('.visually-hidden, [aria-hidden="true"]')) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg) size *= svg.getScreenCTM()?.a ?? 1;
      min = Math.min(min, size);
    }
    return Math.round(min * 10) / 10;
  });
}

async function settle(page: Page) {
  await expect(page.locator('.skeleton')).toHaveCount(0);
}

test.describe.configure({ mode: 'serial' });

let empty: { user: User; campaignId: string };
let full: { user: User; campaignId: string; prospectId: string; publishedId: string; jobId: string };

test.beforeAll(async () => {
  // An account with an empty campaign, and one with a campaign full of data.
  const u1 = await signUp('empty');
  // No mailbox yet: Settings → Mailboxes is empty and the campaign says nothing is sent.
  empty = { user: u1, campaignId: await createCampaign(u1, 'Empty campaign', { mailbox: false }) };

  const u2 = await signUp('full');
  const campaignId = await createCampaign(u2, 'Autumn galleries');
  const cid = rawId(campaignId);
  await db().query(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, page_description, contact_email, da_est, source, created_at)
     SELECT $1, 'studio-' || i || '.example', 'https://studio-' || i || '.example/open-call', 'Open call for ceramic artists, issue ' || i,
            'A quarterly magazine about contemporary ceramics.', CASE WHEN i % 3 = 0 THEN NULL ELSE 'editor@studio-' || i || '.example' END,
            (i * 7) % 90, 'serp', now() - (i || ' minutes')::interval
     FROM generate_series(1, 40) AS i`, [cid]);
  const job = await gql<{ startScoring: { data: { id: string } } }>(
    `mutation($id: ID!) { startScoring(campaignId: $id) { ... on MutationStartScoringSuccess { data { id } } } }`, { id: campaignId }, u2.token);
  const jobId = job.startScoring.data.id;
  await expect.poll(async () => (await gql<{ job: { status: string } }>(`query($id: ID!) { job(id: $id) { status } }`, { id: jobId }, u2.token)).job.status, { timeout: 60_000 }).toBe('completed');
  // Spread the scored prospects over the later stages, as a running pipeline would.
  await db().query(`UPDATE prospects SET stage = (ARRAY['enriched','drafted','approved','sent','replied','accepted','rejected','skipped','scored','scored']::"ProspectStage"[])[1 + (substring(domain from 'studio-(\\d+)')::int % 10)]
    , outreach_status = CASE WHEN substring(domain from 'studio-(\\d+)')::int % 10 IN (4) THEN 'sent'::"OutreachStatus" WHEN substring(domain from 'studio-(\\d+)')::int % 10 = 5 THEN 'replied' WHEN substring(domain from 'studio-(\\d+)')::int % 10 = 6 THEN 'accepted' WHEN substring(domain from 'studio-(\\d+)')::int % 10 = 7 THEN 'rejected' ELSE 'pending' END
    , skip_reason = CASE WHEN substring(domain from 'studio-(\\d+)')::int % 10 = 8 THEN 'Score below the campaign minimum (40)' END
    WHERE campaign_id = $1`, [cid]);
  // Two accepted sites published features (the placement watch's rows): studio-16 one live whose
  // link became followed and one lost, studio-26 one found by the weekly search.
  await db().query(`UPDATE prospects SET stage = 'published' WHERE campaign_id = $1 AND domain IN ('studio-16.example', 'studio-26.example')`, [cid]);
  await db().query(`INSERT INTO placements (prospect_id, campaign_id, url, site, title, found_at, match, source, rel, previous_rel, rel_changed_at, anchor_text, excerpt,
      status, lost_at, lost_reason, last_checked_at, checked_count, last_check_note)
    SELECT p.id, p.campaign_id, v.url, p.domain, v.title, now() - v.found::interval, v.match::"PlacementMatch", v.source::"PlacementSource", v.rel, v.previous_rel,
      CASE WHEN v.previous_rel IS NOT NULL THEN now() - interval '5 days' END, v.anchor, v.excerpt, v.status::"PlacementStatus",
      CASE WHEN v.status = 'lost' THEN now() - interval '2 days' END, v.lost_reason, now() - interval '1 day', v.checks, v.note
    FROM prospects p JOIN (VALUES
      ('studio-16.example', 'https://studio-16.example/features/ada-artist', 'Studio visit: Ada Artist | Studio 16', '20 days', 'links_to_portfolio', 'watch', 'follow', 'nofollow', 'Ada Artist''s portfolio',
       'This week we visited Ada Artist in the studio and talked about new work, materials and the year ahead. See more of Ada Artist''s portfolio.', 'live', NULL, 3, 'the site answered 503 at the last check'),
      ('studio-16.example', 'https://studio-16.example/news/spring-picks', 'Spring picks', '40 days', 'names_artist', 'watch', NULL, NULL, NULL,
       'Among this spring''s picks: Ada Artist, whose large stoneware vessels…', 'lost', 'the page answers 404', 2, NULL),
      ('studio-26.example', 'https://studio-26.example/2027/03/ceramics-round-up', NULL, '3 days', 'links_to_portfolio', 'search', 'nofollow ugc', NULL, 'Ada Artist',
       'Ceramics round-up: Ada Artist shows new stoneware.', 'live', NULL, 1, NULL)
    ) AS v(domain, url, title, found, match, source, rel, previous_rel, anchor, excerpt, status, lost_reason, checks, note) ON v.domain = p.domain
    WHERE p.campaign_id = $1`, [cid]);
  const { rows: published } = await db().query<{ id: string }>(`SELECT id FROM prospects WHERE campaign_id = $1 AND domain = 'studio-16.example'`, [cid]);
  const { rows } = await db().query<{ id: string }>(`SELECT id FROM prospects WHERE campaign_id = $1 AND domain = 'studio-5.example'`, [cid]);
  const pid = rows[0]!.id;
  await db().query(`INSERT INTO contacts (prospect_id, email, name, position, type, confidence, verification, source)
    VALUES ($1, 'editor@studio-5.example', 'Mara Lind', 'Editor', 'personal', 94, 'valid', 'hunter'),
           ($1, 'hello@studio-5.example', NULL, NULL, 'generic', 70, 'accept_all', 'crawl')`, [pid]);
  await db().query(`INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source, sent_at, gmail_thread_id, rfc_message_id)
    VALUES ($1, 0, 'sent', 'editor@studio-5.example', 'Stoneware vessels for your open call',
            E'Dear Mara,\\n\\nI read your open call for ceramic artists in issue 5 and would like to submit three large stoneware vessels.\\n\\nBest,\\nAda', 'gemini', now() - interval '3 days', 't-1', '<m1@example.com>'),
           ($1, 1, 'draft', 'editor@studio-5.example', 'Re: Stoneware vessels for your open call',
            E'Hi Mara,\\n\\nA short follow-up in case my first email got buried.\\n\\nAda', 'template', NULL, NULL, NULL)`, [pid]);
  // The send queue with something planned: sends all day in Tokyo, one an hour; one email went out two
  // minutes ago (studio-4, now a follow-up candidate on Test tools), so the next goes in about 58 minutes,
  // and the approved first emails (studio-2, 12, 22, 32) wait their turn (12 has no address: held back).
  await db().query(`UPDATE campaigns SET send_window_start = 0, send_window_end = 24, time_zone = 'Asia/Tokyo', min_gap_seconds = 3600, max_gap_seconds = 3600 WHERE id = $1`, [cid]);
  await db().query(`UPDATE prospects SET last_sent = now() - interval '2 minutes' WHERE campaign_id = $1 AND domain = 'studio-4.example'`, [cid]);
  await db().query(`INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source, sent_at, gmail_thread_id, rfc_message_id)
    SELECT id, 0, 'sent', contact_email, 'Stoneware vessels for your open call', E'Dear editor,\\n\\nThree large stoneware vessels for your open call.\\n\\nAda', 'gemini', now() - interval '2 minutes', 't-4', '<m4@example.com>'
    FROM prospects WHERE campaign_id = $1 AND domain = 'studio-4.example'`, [cid]);
  await db().query(`INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source, approved_at)
    SELECT id, 0, 'approved', contact_email, 'Stoneware vessels for ' || domain, E'Dear editor,\\n\\nThree large stoneware vessels for your open call.\\n\\nAda', 'gemini', now()
    FROM prospects WHERE campaign_id = $1 AND stage = 'approved'`, [cid]);
  await db().query(`INSERT INTO provider_calls (user_id, campaign_id, provider, operation, status, cost, cached)
    VALUES ($1, $2, 'dataforseo', 'serp', 'ok', 0.0006, false), ($1, $2, 'hunter', 'domain-search', 'ok', 0.01, false), ($1, $2, 'gemini', 'generate', 'ok', 0, false)`, [rawId(u2.userId), cid]);
  // Mailboxes in every state: the campaign's (connected, with a send-as alias), one that needs
  // reconnecting and one disconnected by the user.
  const [campaignMailbox] = (await gql<{ mailboxes: { address: string }[] }>(`{ mailboxes { address } }`, {}, u2.token)).mailboxes;
  await fetch(`${env.controls.gmail}/add-account`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `studio-${cid.slice(0, 8)}@gmail.test`, displayName: 'Ada Studio', aliases: [{ email: `hello-${cid.slice(0, 8)}@ada-studio.example`, displayName: 'Ada Studio' }] }) });
  const studio = await connectGmail(u2.token, `studio-${cid.slice(0, 8)}@gmail.test`);
  const old = await connectGmail(u2.token, `old-${cid.slice(0, 8)}@gmail.test`);
  await db().query(`UPDATE mailboxes SET status = 'needs_reconnect', status_reason = 'Google refused the stored token (it was revoked or expired)', status_changed_at = now() - interval '2 hours' WHERE address = $1`, [studio]);
  await db().query(`UPDATE mailboxes SET status = 'disconnected', status_reason = 'disconnected by you', refresh_token_enc = NULL, status_changed_at = now() - interval '3 days' WHERE address = $1`, [old]);
  expect(campaignMailbox).toBeTruthy();
  full = { user: u2, campaignId, prospectId: Buffer.from(`Prospect:${pid}`).toString('base64'), publishedId: Buffer.from(`Prospect:${published[0]!.id}`).toString('base64'), jobId };
});

test('login and sign-up screens: empty, validation and server-down', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await shots(page, 'login-empty');
  await axeCheck(page, 'login-empty');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await shots(page, 'login-validation');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await shots(page, 'login-wrong-password');
  await page.route('**/graphql**', (r) => r.abort('connectionrefused'));
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(/could not be reached/)).toBeVisible();
  await shots(page, 'login-error');
  await page.unroute('**/graphql**');
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await axeCheck(page, 'signup-empty');
});

test('every screen, empty', async ({ page }) => {
  // axe runs twice per screen (both widths): a few seconds each on the long forms.
  test.setTimeout(360_000);
  await logInAs(page, empty.user);
  for (const s of [...CAMPAIGN_SCREENS, ...GLOBAL_SCREENS]) {
    await page.goto(s.path(empty.campaignId));
    await s.ready(page);
    await settle(page);
    await shots(page, `${s.name}-empty`);
    await axeCheck(page, `${s.name}-empty`);
  }
  // The empty screens say what to do next.
  await page.goto(`/campaigns/${empty.campaignId}/board`);
  await expect(page.getByRole('heading', { name: 'No prospects on the board yet' })).toBeVisible();
  await page.goto(`/campaigns/${empty.campaignId}/jobs`);
  await expect(page.getByText('No jobs yet')).toBeVisible();
  await page.goto(`/campaigns/${empty.campaignId}/send-queue`);
  await expect(nextSendLine(page)).toHaveText('Nothing queued');
  await page.goto(`/campaigns/${empty.campaignId}/dashboard`);
  await expect(nextSendLine(page)).toHaveText('Nothing queued');
  await page.goto(`/campaigns/${empty.campaignId}/test-tools`);
  await expect(page.getByText('No first email sent yet')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No prospect replied or accepted yet' })).toBeVisible();
  // The Features panel says how features are found, and why there is no cost per feature.
  await page.goto(`/campaigns/${empty.campaignId}/dashboard`);
  const features = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Features', exact: true }) });
  await expect(features.getByRole('heading', { name: 'No features found yet' })).toBeVisible();
  await expect(features).toContainText('No live feature yet');
  await expect(features.getByRole('list', { name: 'Outreach funnel' }).getByRole('listitem')).toHaveText(['Contacted0', '→ Replied0', '→ Accepted0', '→ Published0']);
});

test('every screen, full', async ({ page }) => {
  // axe runs twice per screen (both widths): a few seconds each on the long forms.
  test.setTimeout(360_000);
  await logInAs(page, full.user);
  for (const s of CAMPAIGN_SCREENS.filter((x) => DATA_SCREENS.includes(x.name)).concat(GLOBAL_SCREENS.filter((x) => DATA_SCREENS.includes(x.name)))) {
    await page.goto(s.path(full.campaignId));
    await s.ready(page);
    await settle(page);
    await shots(page, `${s.name}-full`);
    await axeCheck(page, `${s.name}-full`);
  }
  await page.goto(`/campaigns/${full.campaignId}/prospects/${full.prospectId}`);
  await expect(page.getByRole('heading', { name: 'studio-5.example' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'First email' })).toContainText('Stoneware vessels');
  await expect(page.getByRole('table', { name: 'Contacts' })).toContainText('Mara Lind');
  await expect(page.getByRole('heading', { name: 'No feature found yet' })).toBeVisible();
  await shots(page, 'prospect-full');
  await axeCheck(page, 'prospect-full');
  // A published prospect: its features, one live (its rel changed) and one lost, and the form to add one.
  await page.goto(`/campaigns/${full.campaignId}/prospects/${full.publishedId}`);
  const found = page.getByRole('list', { name: 'Features' }).getByRole('listitem');
  await expect(found).toHaveCount(2);
  await expect(found.first()).toContainText('(was nofollow until');
  await expect(found.first()).toContainText('Last check could not tell: the site answered 503 at the last check');
  await expect(found.last()).toContainText('the page answers 404');
  await shots(page, 'prospect-published-full');
  await axeCheck(page, 'prospect-published-full');
  await page.goto(`/campaigns/${full.campaignId}/jobs/${full.jobId}`);
  await expect(page.getByRole('list', { name: 'Job events' }).getByRole('listitem').first()).toBeVisible();
  await shots(page, 'job-full');
  await axeCheck(page, 'job-full');
  // The dashboard counts what is there.
  await page.goto(`/campaigns/${full.campaignId}/dashboard`);
  await expect(page.getByRole('list', { name: 'Prospects per stage' }).getByRole('listitem')).toHaveCount(11);
  // The Features panel: the three features, newest first, and what each live one cost.
  const features = page.getByRole('list', { name: 'Recent features' }).getByRole('listitem');
  await expect(features).toHaveCount(3);
  await expect(features.first()).toContainText('link: nofollow ugc');
  await expect(features.nth(1)).toContainText('Anchor text: “Ada Artist\'s portfolio”');
  await expect(features.last()).toContainText('link: named, no link');
  await expect(page.locator('.feature-cost .stat')).toHaveText(/^\$\d+\.\d{2,4}$/);
  await expect(page.locator('.feature-cost')).toContainText('over 2 live features (1 lost)');
  // The main action follows the campaign: drafts wait for review.
  await expect(page.locator('.page-header').getByRole('link', { name: /^Review \d+ drafts?$/ })).toBeVisible();
  // Recent jobs shows the whole percentage (it showed "1(" for 100%), and no text is under 12 px.
  const pct = page.getByRole('table', { name: 'Recent jobs' }).locator('.progress-pct').first();
  await expect(pct).toHaveText('100%');
  expect(await pct.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = el.closest('.card')!.getBoundingClientRect();
    return el.scrollWidth <= el.clientWidth && r.right <= box.right && r.left >= box.left;
  })).toBe(true);
  for (const width of ['desktop', 'narrow'] as const) {
    await page.setViewportSize(VIEWPORTS[width]);
    // The chart redraws for the new width; its text is measured once it has.
    await expect.poll(() => smallestText(page), { message: `smallest text on the dashboard at ${width}` }).toBeGreaterThanOrEqual(12);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  // Every stage of the board is reachable at 1440 px: the stage list brings any column into view.
  await page.goto(`/campaigns/${full.campaignId}/board`);
  const stages = page.getByRole('navigation', { name: 'Stages' }).getByRole('button');
  await expect(stages).toHaveCount(11);
  for (const stage of ['skipped', 'discovered', 'published', 'rejected', 'enriched']) {
    await stages.filter({ hasText: new RegExp(`^${stage} `, 'i') }).click();
    await expect(page.locator(`section[data-stage="${stage}"]`)).toBeInViewport({ ratio: 0.9 });
  }
  expect(await smallestText(page), 'smallest text on the board').toBeGreaterThanOrEqual(12);
  await page.goto(`/campaigns/${full.campaignId}/dashboard`);
  // The next send, in the campaign's time zone (with its date when that is not today there, e.g. 00:28 tomorrow in Tokyo), counting down.
  await expect(nextSendLine(page)).toHaveText(/^Next email at (\w{3}, \w{3} \d{1,2}, )?\d\d:\d\d \(Asia\/Tokyo\)$/);
  await expect(page.getByRole('timer')).toHaveText(/^in (5\d|60) min \d\d s$/);
  await page.goto(`/campaigns/${full.campaignId}/send-queue`);
  await expect(nextSendLine(page)).toHaveText(/^Next email at (\w{3}, \w{3} \d{1,2}, )?\d\d:\d\d \(Asia\/Tokyo\)$/);
  const queue = page.getByRole('table', { name: 'Queued sends' });
  await expect(queue.getByRole('row')).toHaveCount(4); // header + studio-2, 22 and 32 (12 has no address)
  await expect(page.getByRole('list', { name: 'Held back' })).toContainText('No email address');
  // Test tools offers the prospect whose first email went out.
  await page.goto(`/campaigns/${full.campaignId}/test-tools`);
  await expect(page.getByRole('form', { name: 'Make a follow-up due now' }).getByRole('option', { name: /^studio-4\.example · no follow-up yet/ })).toBeAttached();
});

test('Settings → Mailboxes: the permissions unticked on Google’s page, and a cancelled sign-in', async ({ page }) => {
  await logInAs(page, empty.user);
  await page.goto('/settings/mailboxes');
  await expect(page.getByText('No Gmail mailbox connected yet')).toBeVisible();
  await page.getByRole('button', { name: 'Connect Gmail' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in with Google' })).toBeVisible();
  await page.getByLabel('Use another account').check();
  await page.getByLabel('Email or phone').fill(`partial-${Date.now()}@gmail.test`);
  await page.getByRole('checkbox', { name: /gmail\.send/ }).uncheck();
  await page.getByRole('checkbox', { name: /gmail\.readonly/ }).uncheck();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Gmail was not connected' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Missing permissions' }).getByRole('listitem')).toHaveCount(2);
  await shots(page, 'mailboxes-missing-permissions');
  await page.getByRole('button', { name: 'Choose again' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in with Google' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('You cancelled on Google’s page. Nothing was connected.')).toBeVisible();
  await shots(page, 'mailboxes-cancelled');
});

test('test tools with Gmail live: making a follow-up due is not offered, and the card says why', async ({ page }) => {
  await logInAs(page, full.user);
  // The stack runs every provider in the sandbox: the answer about providers says Gmail is live.
  await page.route('**/graphql**', async (route) => {
    const req = route.request();
    const op = req.method() === 'GET' ? new URL(req.url()).searchParams.get('operationName') : (req.postDataJSON() as { operationName?: string } | null)?.operationName;
    if (op !== 'Providers') return route.continue();
    const res = await route.fetch();
    const body = (await res.json()) as { data: { providers: Array<{ provider: string; mode: string }> } };
    for (const p of body.data.providers) if (p.provider === 'gmail') p.mode = 'live';
    await route.fulfill({ response: res, json: body });
  });
  await page.goto(`/campaigns/${full.campaignId}/test-tools`);
  const card = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Make a follow-up due now' }) });
  await expect(card).toContainText('Gmail is live here');
  await expect(card.getByRole('button', { name: 'Make follow-up due now' })).toHaveCount(0);
  await shots(page, 'test-tools-gmail-live');
  await page.unroute('**/graphql**');
});

test('every data screen while loading', async ({ page }) => {
  await logInAs(page, full.user);
  const held: Route[] = [];
  await page.route('**/graphql**', (r) => { held.push(r); });
  const screens = [...CAMPAIGN_SCREENS.filter((x) => DATA_SCREENS.includes(x.name)), ...GLOBAL_SCREENS.filter((x) => DATA_SCREENS.includes(x.name)),
    { name: 'prospect', path: (c: string) => `/campaigns/${c}/prospects/${full.prospectId}` },
    { name: 'job', path: (c: string) => `/campaigns/${c}/jobs/${full.jobId}` }];
  for (const s of screens) {
    await page.goto(s.path(full.campaignId));
    // A loading indicator (skeleton or spinner) is on screen while the API has not answered.
    await expect(page.locator('.skeleton, .spinner').first()).toBeVisible();
    // Past the screen's code loading: its own header over the skeleton.
    if (s.name === 'mailboxes') await expect(page.getByRole('heading', { name: 'Mailboxes', level: 1 })).toBeVisible();
    await shots(page, `${s.name}-loading`);
    for (const r of held.splice(0)) await r.abort().catch(() => undefined);
  }
  await page.unroute('**/graphql**');
});

test('every data screen when the API cannot be reached', async ({ page }) => {
  await logInAs(page, full.user);
  await page.route('**/graphql**', (r) => r.abort('connectionrefused'));
  const screens = [...CAMPAIGN_SCREENS.filter((x) => DATA_SCREENS.includes(x.name) && x.name !== 'board'), ...GLOBAL_SCREENS.filter((x) => DATA_SCREENS.includes(x.name)),
    { name: 'board', path: (c: string) => `/campaigns/${c}/board` },
    { name: 'prospect', path: (c: string) => `/campaigns/${c}/prospects/${full.prospectId}` },
    { name: 'job', path: (c: string) => `/campaigns/${c}/jobs/${full.jobId}` }];
  for (const s of screens) {
    await page.goto(s.path(full.campaignId));
    await expect(page.getByText(/could not be reached/).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' }).first()).toBeVisible();
    await shots(page, `${s.name}-error`);
  }
  // Retrying once the API is back shows the data.
  await page.unroute('**/graphql**');
  await page.getByRole('button', { name: 'Try again' }).first().click();
  await expect(page.getByRole('list', { name: 'Job events' })).toBeVisible();
});
