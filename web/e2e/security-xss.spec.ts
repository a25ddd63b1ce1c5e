// Stored XSS (security suite, counted by `pnpm test:security`): markup in a crawled page title and
// description, in an email's subject and body and in a reply is shown as text on the prospect page
// and the drafts page; nothing becomes an element, no request for the fake image, no dialog.
import { createCampaign, db, expect, logInAs, rawId, signUp, test } from './fixtures';

const TITLE = '<img src=x onerror=alert("title")>';
const DESCRIPTION = '<svg onload=alert("description")></svg>';
const SUBJECT = '<b onmouseover=alert("subject")>Hello</b>';
const BODY = 'Hi <script>alert("body")</script> <a href="javascript:alert(1)">portfolio</a>';
const REPLY = '<iframe src="javascript:alert(\'reply\')"></iframe>';

test('[xss] crawled title and description, email subject, body and reply render as text', async ({ page, dialogs }) => {
  const user = await signUp('secxss');
  const campaignId = await createCampaign(user);
  const { rows } = await db().query<{ id: string }>(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, page_description, source, stage, contact_email)
     VALUES ($1, 'xss-gallery.example', 'https://xss-gallery.example/', $2, $3, 'serp', 'sent', 'editor@xss-gallery.example') RETURNING id`,
    [rawId(campaignId), TITLE, DESCRIPTION],
  );
  const prospectId = rows[0]!.id;
  await db().query(
    `INSERT INTO email_logs (prospect_id, step, status, subject, body, response, to_email, sent_at, draft_source)
     VALUES ($1, 0, 'sent', $2, $3, $4, 'editor@xss-gallery.example', now(), 'manual'),
            ($1, 1, 'draft', $2, $3, NULL, NULL, NULL, 'manual')`,
    [prospectId, SUBJECT, BODY, REPLY],
  );

  let imgRequests = 0;
  page.on('request', (r) => { if (/\/x$/.test(new URL(r.url()).pathname)) imgRequests++; });
  await logInAs(page, user);

  await page.goto(`/campaigns/${campaignId}/prospects/${Buffer.from(`Prospect:${prospectId}`).toString('base64')}`);
  await expect(page.getByRole('heading', { name: 'xss-gallery.example' })).toBeVisible();
  await expect(page.getByText(TITLE).first()).toBeVisible();
  await expect(page.getByText(DESCRIPTION).first()).toBeVisible();
  await expect(page.getByText(SUBJECT).first()).toBeVisible();
  await expect(page.getByText('<script>alert("body")</script>', { exact: false }).first()).toBeVisible();
  await expect(page.getByText(REPLY).first()).toBeVisible();

  const INJECTED = 'img[src="x"], svg[onload], b[onmouseover], iframe, script:not([src]), a[href^="javascript:"]';
  expect(await page.locator(INJECTED).count()).toBe(0);

  await page.goto(`/campaigns/${campaignId}/drafts`);
  await page.waitForLoadState('networkidle');

  expect(await page.locator(INJECTED).count()).toBe(0);
  expect(imgRequests).toBe(0);
  expect(dialogs).toEqual([]);
});
