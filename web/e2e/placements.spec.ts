// A feature found by the placement watch, live, through the real stack: a prospect that was written
// to replies and is marked accepted on the board; the fake site publishes a page that links to the
// portfolio with rel="nofollow" (Test tools); within a watch interval (1 s here, see stack.ts), with
// no reload, the card moves to Published with a Featured link, and the dashboard's Features panel
// shows the page with its rel and anchor text.
import { randomUUID } from 'node:crypto';
import { serpSitesForKeyword } from '@outreach/fakes';
import { createCampaign, db, env, escapeRegExp, expect, gql, rawId, shots, signUpInBrowser, test } from './fixtures';

const PORTFOLIO = 'https://ada-artist.example/works';

test('a feature the site publishes moves the card to Published live and shows on the dashboard with its rel', async ({ page, context }) => {
  test.setTimeout(120_000);
  // A fake art site the sandbox web host serves (sitemap, feed, feature pages), one per run: the
  // host keeps what earlier runs published for the whole suite. Should a run have drawn this site
  // before, its feature about the artist is taken down first, so the watch finds only this run's.
  const DOMAIN = serpSitesForKeyword(`stoneware studio visit ${randomUUID()}`)[0]!.domain;
  const takenDown = await fetch(`${env.controls.webhost}/edit-feature`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ domain: DOMAIN, path: '/features/ada-artist', removed: true }) });
  expect(takenDown.ok).toBe(true);
  const user = await signUpInBrowser(page, `placements-${Date.now()}@example.com`);
  const campaignId = await createCampaign(user, 'Studio visits', { mailbox: false });
  await gql(`mutation($id: ID!, $input: CampaignUpdateInput!) { updateCampaign(id: $id, input: $input) { __typename } }`,
    { id: campaignId, input: { portfolioUrl: PORTFOLIO } }, user.token);
  // Written to yesterday (inserted as the dispatcher leaves it), then the site replies.
  const { rows } = await db().query<{ id: string }>(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, contact_email, stage, outreach_status, last_sent, source)
     VALUES ($1, $2, $3, 'Studio visits', $4, 'sent', 'sent', now() - interval '1 day', 'manual') RETURNING id`,
    [rawId(campaignId), DOMAIN, `https://${DOMAIN}/`, `editor@${DOMAIN}`]);
  await db().query(`INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source, sent_at)
    VALUES ($1, 0, 'sent', $2, 'Stoneware vessels for a studio visit', 'Dear editor, …', 'template', now() - interval '1 day')`, [rows[0]!.id, `editor@${DOMAIN}`]);
  const prospectId = Buffer.from(`Prospect:${rows[0]!.id}`).toString('base64');
  const replied = await gql<{ setOutreachStatus: { __typename: string } }>(
    `mutation($id: ID!) { setOutreachStatus(id: $id, status: replied) { __typename } }`, { id: prospectId }, user.token);
  expect(replied.setOutreachStatus.__typename).toBe('MutationSetOutreachStatusSuccess');

  // The board: the reply is in Replied; A marks it accepted.
  const board = page;
  await board.goto(`/campaigns/${encodeURIComponent(campaignId)}/board`);
  await expect(board.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
  const card = (stage: string) => board.locator(`section[data-stage="${stage}"]`).getByRole('link', { name: new RegExp(`^${escapeRegExp(DOMAIN)}`) });
  await card('replied').focus();
  await board.keyboard.press('a');
  await expect(board.getByText(`${DOMAIN} marked accepted.`)).toBeVisible();
  await expect(card('accepted')).toBeVisible();
  await expect(board.locator('section[data-stage="published"]').getByRole('listitem')).toHaveCount(0);

  // The dashboard is open too, and has nothing to show yet.
  const dashboard = await context.newPage();
  await dashboard.goto(`/campaigns/${encodeURIComponent(campaignId)}/dashboard`);
  const features = dashboard.locator('section.card').filter({ has: dashboard.getByRole('heading', { name: 'Features', exact: true }) });
  await expect(features.getByRole('heading', { name: 'No features found yet' })).toBeVisible();

  // Test tools: the prospect's fake site publishes a feature linking to the portfolio with rel="nofollow".
  const tools = await context.newPage();
  await tools.goto(`/campaigns/${encodeURIComponent(campaignId)}/test-tools`);
  const form = tools.getByRole('form', { name: 'Publish a feature (fake site)' });
  await form.getByLabel('Prospect').selectOption({ label: `${DOMAIN} · accepted` });
  await form.getByLabel('rel of the link').selectOption('nofollow');
  await form.getByRole('button', { name: 'Publish the feature' }).click();
  await expect(tools.getByText(/The watch finds it at its next check/)).toBeVisible();
  const url = await tools.locator('.banner-ok a').getAttribute('href');
  expect(url).toBe(`https://${DOMAIN}/features/ada-artist`);
  await shots(tools, 'test-tools-feature-published');

  // No reload: the watch finds it and the card moves to Published, with its Featured link.
  await board.bringToFront();
  await expect(card('published')).toBeVisible({ timeout: 20_000 });
  await expect(card('accepted')).toHaveCount(0);
  const featured = board.getByRole('link', { name: `Featured, ${DOMAIN} (opens in a new tab)` });
  await expect(featured).toHaveAttribute('href', url!);
  await expect(featured).toHaveAttribute('target', '_blank');
  await expect(featured).toHaveAttribute('rel', 'noopener noreferrer');
  await shots(board, 'board-published');

  // The dashboard's Features panel shows the page, its rel and its anchor text, and the funnel counts it.
  await dashboard.bringToFront();
  const item = features.getByRole('list', { name: 'Recent features' }).getByRole('listitem').first();
  await expect(item.getByRole('link', { name: /Studio visit: Ada Artist/ })).toHaveAttribute('href', url!);
  await expect(item).toContainText('link: nofollow');
  await expect(item).toContainText('Anchor text: “Ada Artist\'s portfolio”');
  await expect(item).toContainText('live');
  await expect(features.getByRole('list', { name: 'Outreach funnel' }).getByRole('listitem').last()).toHaveText('→ Published1');
  await shots(dashboard, 'dashboard-features');

  // The prospect page lists it with what the watch saw.
  await dashboard.goto(`/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(prospectId)}`);
  const section = dashboard.locator('section.card').filter({ has: dashboard.getByRole('heading', { name: 'Features', exact: true }) });
  const found = section.getByRole('list', { name: 'Features' }).getByRole('listitem').first();
  await expect(found).toContainText('link: nofollow');
  await expect(found).toContainText('in the site’s sitemap or feed');
  await expect(found).toContainText('1 check');
  await expect(section.getByLabel('Feature page URL')).toBeVisible();
  await shots(dashboard, 'prospect-features');
});
