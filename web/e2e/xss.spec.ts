// Stored XSS: markup that a crawled page (or a CSV) puts in a prospect's title is shown as text on the
// board, in the table and on the prospect page; it never becomes an element and no dialog opens
// (the `dialogs` fixture fails the test if one does).
import { createCampaign, db, expect, gql, logInAs, rawId, shots, signUp, test } from './fixtures';

const PAYLOAD = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert("csv")</script>';

test('a prospect title with HTML renders as text on the board, the table and the prospect page', async ({ page, dialogs }) => {
  const user = await signUp('xss');
  const campaignId = await createCampaign(user);
  // One straight into the database (as a crawler would store it), one through the CSV import.
  const { rows } = await db().query<{ id: string }>(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, page_description, source)
     VALUES ($1, 'evil-gallery.example', 'https://evil-gallery.example/"><svg onload=alert(2)>', $2, $2, 'serp') RETURNING id`,
    [rawId(campaignId), PAYLOAD],
  );
  const imported = await gql<{ importProspects: { data?: { created: number } } }>(
    `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { ... on MutationImportProspectsSuccess { data { created } } } }`,
    { input: { campaignId, csv: `domain,page_title\nscript-blog.example,"${SCRIPT.replace(/"/g, '""')}"\n` } }, user.token);
  expect(imported.importProspects.data?.created).toBe(1);

  let imgRequests = 0;
  page.on('request', (r) => { if (/\/x$/.test(new URL(r.url()).pathname)) imgRequests++; });
  await logInAs(page, user);

  await page.goto(`/campaigns/${campaignId}/board`);
  const card = page.locator('section[data-stage="discovered"]').getByRole('listitem').filter({ hasText: 'evil-gallery.example' });
  await expect(card).toContainText(PAYLOAD);
  // The imported one is enriched and scored by itself: it may be in any of the first columns.
  await expect(page.locator('.board').getByText(SCRIPT)).toBeVisible();
  await shots(page, 'xss-board');

  await page.goto(`/campaigns/${campaignId}/prospects`);
  await expect(page.getByRole('row').filter({ hasText: 'evil-gallery.example' })).toContainText(PAYLOAD);
  await expect(page.getByRole('row').filter({ hasText: 'script-blog.example' })).toContainText(SCRIPT);

  await page.goto(`/campaigns/${campaignId}/prospects/${Buffer.from(`Prospect:${rows[0]!.id}`).toString('base64')}`);
  await expect(page.getByRole('heading', { name: 'evil-gallery.example' })).toBeVisible();
  await expect(page.getByText(PAYLOAD).first()).toBeVisible();
  await shots(page, 'xss-prospect');

  // Nothing of the payload became markup, and the page made no request for the fake image.
  expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
  expect(imgRequests).toBe(0);
  expect(dialogs).toEqual([]);
});
