// Enrich on demand and by default, through the real stack: a CSV import reaches "scored" on a board
// open in another tab with no discovery run, the import follows its one job to the end, and Enrich
// (on a board card and on the prospect page) queues a never-enriched prospect, after which its
// cooldown shows on the card and the page with the button waiting.
import { serpSitesForKeyword, siteModel } from '@outreach/fakes';
import { createCampaign, db, escapeRegExp, expect, gql, rawId, shots, signUpInBrowser, test } from './fixtures';

/** Fake art sites whose people Hunter knows. */
const SITES = serpSitesForKeyword('stoneware open call').map((s) => s.domain).filter((d) => siteModel(d).hunterHasEmails);
const CLOCK = String.raw`(\w{3}, \w{3} \d+, )?\d\d:\d\d`;

test('an imported CSV reaches Scored live with no discovery; Enrich queues a prospect, then its cooldown shows', async ({ page }) => {
  test.setTimeout(180_000);
  const user = await signUpInBrowser(page, `enrich-${Date.now()}@example.com`);
  const campaignId = await createCampaign(user, 'Stoneware open calls', { mailbox: false });
  const [imported, [fromCard, fromPage]] = [SITES.slice(0, 3), SITES.slice(3, 5)];
  // Two never enriched, as a discovery run whose enrichment batch failed leaves them.
  for (const domain of [fromCard!, fromPage!]) {
    await db().query(`INSERT INTO prospects (campaign_id, domain, page_url, source) VALUES ($1, $2, $3, 'serp')`, [rawId(campaignId), domain, `https://${domain}/`]);
  }

  // The board is open in another tab while the CSV goes in.
  const board = await page.context().newPage();
  await board.goto(`/campaigns/${campaignId}/board`);
  const discovered = board.locator('section[data-stage="discovered"]');
  const scored = board.locator('section[data-stage="scored"]');
  await expect(discovered.getByRole('listitem')).toHaveCount(2);
  await expect(board.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();

  await page.goto(`/campaigns/${campaignId}/add`);
  const form = page.getByRole('form', { name: 'Import prospects from CSV' });
  await form.getByLabel('…or paste rows').fill(['domain', ...imported].join('\n'));
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByText(/3 created · 0 duplicates skipped · 0 rows with errors/)).toBeVisible();
  await expect(form.getByText(/^(Enriching and scoring 3 prospects…|3 prospects enriched and scored\.)/)).toBeVisible();
  const jobLink = form.getByRole('link', { name: 'Follow the job' });
  await expect(jobLink).toHaveAttribute('href', new RegExp(`/campaigns/${escapeRegExp(campaignId)}/jobs/`));
  await expect(form.getByText('3 prospects enriched and scored.')).toBeVisible({ timeout: 60_000 });
  await shots(page, 'import-enriched');

  // On the open board the three arrive and move to Scored by themselves, each showing its cooldown.
  for (const domain of imported) {
    await expect(scored.getByRole('link', { name: new RegExp(`^${escapeRegExp(domain)}`) })).toBeVisible({ timeout: 60_000 });
    const again = scored.getByRole('button', { name: new RegExp(`^Enrich after ${CLOCK}, ${escapeRegExp(domain)}$`) });
    await expect(again).toHaveAttribute('aria-disabled', 'true');
    await expect(again).toHaveAccessibleDescription(new RegExp(`^Enriched (just now|1 min ago) · Enrich again after ${CLOCK}$`));
  }
  const jobs = await gql<{ jobs: { edges: { node: { jobType: string; status: string } }[] } }>(
    `query($c: ID!) { jobs(first: 20, filter: { campaignId: $c }) { edges { node { jobType status } } } }`, { c: campaignId }, user.token);
  expect(jobs.jobs.edges.map((e) => e.node)).toEqual([{ jobType: 'enrich', status: 'completed' }]);

  // Enrich from a card: the answer takes the focus and links the job; the card moves on, then waits.
  await discovered.getByRole('button', { name: `Enrich, ${fromCard}` }).click();
  const answer = board.locator('.result-focus');
  await expect(answer).toContainText('Enriching and scoring 1 prospect.');
  await expect(answer).toBeFocused();
  await expect(answer.getByRole('link', { name: 'Follow the job' })).toBeVisible();
  await expect(scored.getByRole('button', { name: new RegExp(`^Enrich after ${CLOCK}, ${escapeRegExp(fromCard!)}$`) })).toBeVisible({ timeout: 60_000 });
  await shots(board, 'board-enrich-cooldown');

  // Enrich on the prospect page: it follows the job, then says when it was enriched and when it can be again.
  await discovered.getByRole('link', { name: new RegExp(`^${escapeRegExp(fromPage!)}`) }).click();
  await expect(board.getByRole('heading', { name: fromPage })).toBeVisible();
  const panel = board.locator('section.card').filter({ has: board.getByRole('heading', { name: 'Enrichment', exact: true }) });
  await expect(panel.getByText('Not enriched yet')).toBeVisible();
  await panel.getByRole('button', { name: 'Enrich' }).click();
  await expect(panel.getByText(`Enrichment of ${fromPage} finished and the score is up to date.`)).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(new RegExp(`^Enriched just now · Enrich again after ${CLOCK}$`))).toBeVisible();
  const wait = panel.getByRole('button', { name: new RegExp(`^Enrich after ${CLOCK}$`) });
  await expect(wait).toHaveAttribute('aria-disabled', 'true');
  await expect(wait).toHaveAccessibleDescription(new RegExp(`^Enriched just now · Enrich again after ${CLOCK}$`));
  await expect(board.getByRole('table', { name: 'Contacts' }).getByRole('row').nth(1)).toBeVisible();
  await expect(board.getByRole('list', { name: 'Score breakdown' }).getByRole('listitem').first()).toBeVisible();
  await shots(board, 'prospect-enrich-cooldown');

  // The server refuses the same while the cooldown lasts, saying why.
  const { rows } = await db().query<{ id: string }>(`SELECT id FROM prospects WHERE campaign_id = $1 AND domain = $2`, [rawId(campaignId), fromPage]);
  const refused = await gql<{ enrichProspects: { data: { jobs: unknown[]; refused: { reason: string }[] } } }>(
    `mutation($ids: [ID!]!) { enrichProspects(prospectIds: $ids) { ... on MutationEnrichProspectsSuccess { data { jobs { id } refused { reason } } } } }`,
    { ids: [Buffer.from(`Prospect:${rows[0]!.id}`).toString('base64')] }, user.token);
  expect(refused.enrichProspects.data.jobs).toEqual([]);
  expect(refused.enrichProspects.data.refused[0]!.reason).toMatch(new RegExp(`^${escapeRegExp(fromPage!)} was enriched at \\d\\d:\\d\\d; it can be enriched again at \\d\\d:\\d\\d \\(UTC\\)$`));
});
