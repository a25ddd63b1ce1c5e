// Review at scale through the real stack: drafts sorted by score and date with a body preview,
// keyboard review (j/k/↓/↑ move, a approves, e opens the editor) that leaves typing alone, bulk
// approve of a selection with the refused ones said in words, Regenerate that finishes, one "sent"
// badge after sending, and the held-back emails of the Send queue grouped by reason.
import { globalId } from '@outreach/testkit/gql';
import type { Locator } from '@playwright/test';
import { createCampaign, db, expect, gql, logInAs, rawId, shotAt, signUp, test, type User } from './fixtures';

test.describe.configure({ mode: 'serial' });

let user: User;
let campaignId: string;
let cid: string;

test.beforeAll(async () => {
  user = await signUp('review');
  campaignId = await createCampaign(user, 'Review at scale');
  cid = rawId(campaignId);
  // Approved emails are planned but not sent while these tests run: the send window opens two hours from now.
  const start = (new Date().getUTCHours() + 2) % 24;
  await gql(`mutation($id: ID!, $input: CampaignUpdateInput!) { updateCampaign(id: $id, input: $input) { __typename } }`,
    { id: campaignId, input: { sendWindowStart: start, sendWindowEnd: start + 1, timeZone: 'UTC' } }, user.token);
  // 12 scored sites with a draft each: score 40 + 5·i, drafted i hours ago; review-7 has no address.
  await db().query(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, contact_email, score, stage, source, created_at)
     SELECT $1, 'review-' || i || '.example', 'https://review-' || i || '.example/open-call', 'Open call ' || i,
            CASE WHEN i = 7 THEN NULL ELSE 'editor@review-' || i || '.example' END, 40 + 5 * i, 'drafted', 'serp', now() - (i || ' hours')::interval
     FROM generate_series(1, 12) AS i`, [cid]);
  await db().query(
    `INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source, created_at)
     SELECT id, 0, 'draft', contact_email, 'Stoneware for ' || domain,
            E'Dear editor,\\n\\nI make large stoneware vessels and would like to show three of them in your open call for ' || domain || E'.\\n\\nAda', 'template',
            created_at
     FROM prospects WHERE campaign_id = $1`, [cid]);
});

test('drafts sort by score and date and show the start of each body', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/drafts`);
  const table = page.getByRole('table', { name: 'Emails' });
  await expect(table.getByRole('row')).toHaveCount(13);
  const sites = () => table.locator('tbody tr td:nth-child(2) strong').allTextContents();
  expect((await sites()).slice(0, 3)).toEqual(['review-12.example', 'review-11.example', 'review-10.example']);
  await expect(table.getByText(/I make large stoneware vessels and would like to show three of them in your open call for review-12\.example/)).toBeVisible();
  await page.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
  expect((await sites()).slice(0, 2)).toEqual(['review-12.example', 'review-11.example']);
  await page.getByLabel('Sort by').selectOption({ label: 'Newest first' });
  expect((await sites()).slice(0, 2)).toEqual(['review-1.example', 'review-2.example']);
  await page.getByLabel('Sort by').selectOption({ label: 'Lowest score first' });
  expect((await sites()).slice(0, 2)).toEqual(['review-1.example', 'review-2.example']);
});

test('keyboard review: j/k move, a approves and moves on, typing in a field is left alone, e opens the editor', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/drafts`);
  await expect(page.getByText(/a approve · e edit/)).toBeVisible();
  const table = page.getByRole('table', { name: 'Emails' });
  await expect(table.getByRole('row')).toHaveCount(13);
  const current = table.locator('tbody tr[aria-current="true"]');
  await expect(current).toContainText('review-12.example');
  await page.keyboard.press('j');
  await expect(current).toContainText('review-11.example');
  await expect(current).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(current).toContainText('review-10.example');
  await page.keyboard.press('k');
  await expect(current).toContainText('review-11.example');
  await page.keyboard.press('a');
  await expect(table.getByRole('row', { name: /review-11\.example, approved/ })).toBeVisible();
  await expect(current).toContainText('review-10.example');
  await expect(current).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Approved the draft for review-11.example.' })).toHaveCount(1);
  const { rows } = await db().query<{ status: string }>(`SELECT e.status FROM email_logs e JOIN prospects p ON p.id = e.prospect_id WHERE p.domain = 'review-11.example' AND p.campaign_id = $1`, [cid]);
  expect(rows[0]!.status).toBe('approved');

  // Keys typed into a select or an input do nothing to the review.
  await page.getByLabel('Sort by').focus();
  await page.keyboard.press('a');
  await expect(table.getByRole('row', { name: /review-10\.example, draft/ })).toBeVisible();

  await current.focus();
  await page.keyboard.press('e');
  await expect(page).toHaveURL(/\/prospects\/[^/]+#draft$/);
  await expect(page.getByRole('heading', { name: 'review-10.example' })).toBeVisible();
  await expect(page.getByLabel('Subject')).toBeFocused();
  // Typing a draft's text does not move or approve anything.
  await page.keyboard.type(' jak');
  await expect(page.getByLabel('Subject')).toHaveValue('Stoneware for review-10.example jak');
});

test('bulk approve a selection: approved ones are counted, refused ones say why, focus moves to the result', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/drafts`);
  const table = page.getByRole('table', { name: 'Emails' });
  await expect(table.getByRole('row')).toHaveCount(12); // review-11 was approved above
  for (const d of ['review-9.example', 'review-8.example', 'review-7.example']) await page.getByLabel(`Select the draft for ${d}`).check();
  const toolbar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(toolbar.getByText('3 selected')).toBeVisible();
  await toolbar.getByRole('button', { name: 'Approve selected' }).click();
  const result = page.getByText(/^2 drafts approved\. 1 draft was not approved: review-7\.example: /);
  await expect(result).toBeVisible();
  await expect(page.locator('.result-focus')).toBeFocused();
  await expect(table.getByRole('link', { name: 'review-9.example', exact: true })).toHaveCount(0);
  await expect(table.getByRole('link', { name: 'review-7.example', exact: true })).toHaveCount(1);
});

test('phone: each draft shows its site, address, stage and status, nothing cut', async ({ page }) => {
  await logInAs(page, user);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/campaigns/${campaignId}/drafts`);
  const row = page.getByRole('table', { name: 'Emails' }).getByRole('row', { name: /review-10\.example/ });
  await row.scrollIntoViewIfNeeded();
  for (const text of ['review-10.example', 'editor@review-10.example', 'drafted', 'draft']) {
    const el = row.getByText(text, { exact: true }).first();
    await expect(el).toBeVisible();
    // Inside the screen's width and not clipped: the whole word shows.
    const box = (await el.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await el.evaluate((n) => n.scrollWidth <= n.clientWidth + 1)).toBe(true);
  }
  // No horizontal scrolling: the rows are cards at this width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shotAt(page, 'review-drafts', 'narrow');
  await page.setViewportSize({ width: 1440, height: 900 });
  await shotAt(page, 'review-drafts', 'desktop');
});

test('send queue: held-back emails are grouped by reason with counts, a group opens to show its emails', async ({ page }) => {
  await logInAs(page, user);
  const { rows } = await db().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM email_logs e JOIN prospects p ON p.id = e.prospect_id WHERE p.campaign_id = $1 AND e.status = 'draft' AND e.to_email IS NOT NULL`, [cid]);
  const drafts = rows[0]!.n;
  expect(drafts).toBeGreaterThan(3);
  await page.goto(`/campaigns/${campaignId}/send-queue`);
  const held = page.getByRole('list', { name: 'Held back, by reason' });
  const group = held.locator('details').filter({ has: page.getByText(`Not approved (${drafts})`, { exact: true }) });
  await expect(group).toHaveCount(1);
  // One line per reason, not one row per email.
  await expect(held.getByText('Not approved', { exact: true })).toHaveCount(0);
  await expect(group.getByRole('link', { name: 'review-1.example', exact: true })).toBeHidden();
  await group.locator('summary').click();
  await expect(group.getByRole('link', { name: 'review-1.example', exact: true })).toBeVisible();
  await expect(group.getByRole('listitem')).toHaveCount(drafts);
  // Approved emails stay an ordered list with their times.
  await expect(page.getByRole('table', { name: 'Queued sends' }).getByRole('row').nth(1)).toContainText('1');
  await shotAt(page, 'review-send-queue', 'desktop');
  await shotAt(page, 'review-send-queue', 'narrow');
});

test('phone: prospects, send queue and providers show stage, email and status without sideways scrolling', async ({ page }) => {
  await logInAs(page, user);
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = async (el: Locator) => {
    await el.scrollIntoViewIfNeeded();
    await expect(el).toBeVisible();
    const box = (await el.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await el.evaluate((n) => n.scrollWidth <= n.clientWidth + 1)).toBe(true);
  };
  const noSideways = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.goto(`/campaigns/${campaignId}/prospects`);
  const prospect = page.getByRole('table', { name: 'Prospects' }).getByRole('row').filter({ hasText: 'review-3.example' });
  await fits(prospect.getByText('editor@review-3.example', { exact: true }));
  await fits(prospect.locator('.badge').first()); // stage
  await fits(prospect.locator('.badge').nth(1)); // outreach status
  await noSideways();
  await shotAt(page, 'review-prospects', 'narrow');

  await page.goto(`/campaigns/${campaignId}/send-queue`);
  const queued = page.getByRole('table', { name: 'Queued sends' }).getByRole('row').nth(1);
  await fits(queued.locator('td[data-label="To"]'));
  await fits(queued.locator('td[data-label="Status"] .badge'));
  await noSideways();

  await page.goto('/providers');
  const gemini = page.getByRole('table', { name: 'Provider health' }).getByRole('row').filter({ hasText: 'Gemini' });
  await fits(gemini.locator('td[data-label="Mode"] .badge'));
  await fits(gemini.locator('td[data-label="Health"] .badge'));
  await noSideways();
  await shotAt(page, 'review-providers', 'narrow');
});

test('Regenerate finishes: the new draft replaces the old one and the notice says so', async ({ page }) => {
  await logInAs(page, user);
  const { rows } = await db().query<{ id: string }>(`SELECT id FROM prospects WHERE campaign_id = $1 AND domain = 'review-5.example'`, [cid]);
  await page.goto(`/campaigns/${campaignId}/prospects/${encodeURIComponent(globalId('Prospect', rows[0]!.id))}`);
  const editor = page.getByRole('form', { name: 'Edit draft' });
  await expect(editor.getByText(/written by template/)).toBeVisible();
  await editor.getByRole('button', { name: 'Regenerate' }).click();
  const ready = page.getByText('A new draft is ready: it replaced the old one below.');
  await expect(ready).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.result-focus').filter({ has: ready })).toBeFocused();
  await expect(editor.getByText(/written by gemini/)).toBeVisible();
  await expect(page.getByText(/Writing a new draft/)).toHaveCount(0);
});

test('Regenerate that writes nothing (score now below the minimum) says why instead of waiting forever', async ({ page }) => {
  await logInAs(page, user);
  await db().query(`UPDATE campaigns SET min_score = 95 WHERE id = $1`, [cid]);
  const { rows } = await db().query<{ id: string }>(`SELECT id FROM prospects WHERE campaign_id = $1 AND domain = 'review-4.example'`, [cid]);
  await page.goto(`/campaigns/${campaignId}/prospects/${encodeURIComponent(globalId('Prospect', rows[0]!.id))}`);
  const editor = page.getByRole('form', { name: 'Edit draft' });
  await expect(editor.getByText(/written by template/)).toBeVisible();
  await editor.getByRole('button', { name: 'Regenerate' }).click();
  await expect(page.getByText('No new draft was written: score 60 below minimum 95.')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Writing a new draft/)).toHaveCount(0);
  await expect(editor).toHaveCount(0); // the old draft is gone on the server, and from the page
  await db().query(`UPDATE campaigns SET min_score = 40 WHERE id = $1`, [cid]);
});

test('after sending, the prospect page shows one "sent" badge, not two', async ({ page }) => {
  await logInAs(page, user);
  const { rows } = await db().query<{ id: string }>(
    `UPDATE prospects SET stage = 'sent', outreach_status = 'sent', last_sent = now() WHERE campaign_id = $1 AND domain = 'review-2.example' RETURNING id`, [cid]);
  await db().query(`UPDATE email_logs SET status = 'sent', sent_at = now() WHERE prospect_id = $1`, [rows[0]!.id]);
  await page.goto(`/campaigns/${campaignId}/prospects/${encodeURIComponent(globalId('Prospect', rows[0]!.id))}`);
  await expect(page.getByRole('heading', { name: 'review-2.example', level: 1 })).toBeVisible();
  const header = page.locator('.page-header');
  await expect(header.locator('.badge')).toHaveCount(1);
  await expect(header.locator('.badge')).toHaveText('sent');
});

