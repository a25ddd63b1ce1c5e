// The first-run journey through the real stack: sign up, create a campaign, add prospects by hand
// and from a CSV (a bad row is reported), score them while the board is open and watch the cards
// move live, read a score breakdown, and find the finished job with its event log.
import { createCampaign, db, expect, gql, logInAs, rawId, shots, signUp, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('sign up, create a campaign, add a prospect and import a CSV with a bad row', async ({ page }) => {
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await shots(page, 'signup');
  await page.getByLabel('Name').fill('Ada Artist');
  await page.getByLabel('Email').fill(`ada-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();

  // A new account has no campaign yet: the home screen offers to create one.
  await expect(page.getByText('Create your first campaign')).toBeVisible();
  await shots(page, 'home-empty');
  await page.getByRole('link', { name: 'New campaign' }).click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await expect(page.getByLabel('Campaign name')).toBeVisible(); // the form chunk has loaded
  await shots(page, 'new-campaign');
  await page.getByLabel('Campaign name').fill('Spring open calls');
  await page.getByLabel('Artist name').fill('Ada Artist');
  await page.getByLabel('Medium').fill('stoneware ceramics');
  await page.getByLabel('Keywords').fill('ceramics, open call');
  await page.getByLabel('From name').fill('Ada');
  await page.getByLabel('From email').fill('ada@example.com');
  await page.getByRole('button', { name: /create campaign/i }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new)[^/]+\/dashboard/);
  const campaignId = /\/campaigns\/([^/]+)/.exec(page.url())![1]!;
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('No prospects yet')).toBeVisible();
  await shots(page, 'dashboard-empty');
  await page.goto(`/campaigns/${campaignId}/settings`);
  await expect(page.getByLabel('Medium')).toHaveValue('stoneware ceramics');

  await page.goto(`/campaigns/${campaignId}/add`);
  const addOne = page.getByRole('form', { name: 'Add one prospect' });
  await addOne.getByLabel('Domain or URL').fill('not a domain');
  await addOne.getByRole('button', { name: 'Add prospect' }).click();
  await expect(addOne.getByText('Enter a domain like gallery.example or a full URL.')).toBeVisible();
  await addOne.getByLabel('Domain or URL').fill('https://clay-gallery.example/open-call');
  await addOne.getByLabel('Page title (optional)').fill('Open call: ceramics 2026');
  await addOne.getByLabel('Contact email (optional)').fill('curator@clay-gallery.example');
  await addOne.getByRole('button', { name: 'Add prospect' }).click();
  await expect(addOne.getByText(/Added\s+clay-gallery\.example/)).toBeVisible();

  const importForm = page.getByRole('form', { name: 'Import prospects from CSV' });
  await importForm.getByLabel('…or paste rows').fill([
    'domain,page_title,contact_email',
    'kiln-magazine.example,Kiln Magazine submissions,editor@kiln-magazine.example',
    'glaze-blog.example,Glaze blog,',
    'bad domain with spaces,Broken row,nobody',
    'clay-gallery.example,Duplicate of the one added by hand,',
  ].join('\n'));
  await importForm.getByRole('button', { name: 'Import' }).click();
  const report = importForm.getByText(/Import finished/);
  await expect(report).toBeVisible();
  await expect(importForm.getByText(/2 created · 1 duplicate skipped · 1 row with errors/)).toBeVisible();
  const errors = importForm.getByRole('table', { name: 'Rows with errors' });
  await expect(errors.getByRole('row')).toHaveCount(2); // header + the bad row
  await expect(errors.getByRole('row').nth(1)).toContainText('4');
  await shots(page, 'add-import-report');

  await page.goto(`/campaigns/${campaignId}/prospects`);
  await expect(page.getByRole('link', { name: 'kiln-magazine.example' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'clay-gallery.example' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'glaze-blog.example' })).toBeVisible();
});

test('scoring moves cards on the open board live; the prospect shows its breakdown; the job has its log', async ({ page }) => {
  const user = await signUp('board');
  const campaignId = await createCampaign(user);
  // Discovered and never enriched, as a discovery run whose enrichment failed leaves them (added
  // through the API they would be enriched and scored by themselves): scoring moves them.
  for (const [domain, title, email] of [
    ['clay-gallery.example', 'Open call: ceramics', 'curator@clay-gallery.example'],
    ['kiln-magazine.example', 'Kiln Magazine submissions', null],
    ['glaze-blog.example', 'Glaze blog', null],
  ] as const) {
    await db().query(`INSERT INTO prospects (campaign_id, domain, page_url, page_title, contact_email, contact_method, source) VALUES ($1, $2, $3, $4, $5, $6, 'serp')`,
      [rawId(campaignId), domain, `https://${domain}/`, title, email, email ? 'email' : null]);
  }
  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/board`);
  const discovered = page.locator('section[data-stage="discovered"]');
  const scored = page.locator('section[data-stage="scored"]');
  await expect(discovered.getByRole('listitem')).toHaveCount(3);
  await expect(scored.getByText('Nothing here')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  await shots(page, 'board-discovered');

  // Mark the document: a reload or a full navigation would lose it.
  await page.evaluate(() => { (window as unknown as { __e2eMark: number }).__e2eMark = 42; });
  let navigations = 0;
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });

  const started = await gql<{ startScoring: { data?: { id: string }; message?: string } }>(
    `mutation($id: ID!) { startScoring(campaignId: $id) { __typename ... on MutationStartScoringSuccess { data { id } } ... on Error { message } } }`,
    { id: campaignId }, user.token);
  expect(started.startScoring.data, started.startScoring.message).toBeTruthy();

  await expect(scored.getByRole('listitem')).toHaveCount(3, { timeout: 60_000 });
  await expect(discovered.getByRole('listitem')).toHaveCount(0);
  await expect(scored.getByText('clay-gallery.example')).toBeVisible();
  expect(navigations, 'the board updated without a navigation').toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __e2eMark?: number }).__e2eMark)).toBe(42);
  await shots(page, 'board-scored');

  // Open the prospect from its card: the breakdown explains the points.
  await scored.getByRole('link', { name: /clay-gallery\.example/ }).click();
  await expect(page.getByRole('heading', { name: 'clay-gallery.example' })).toBeVisible();
  const breakdown = page.getByRole('list', { name: 'Score breakdown' });
  await expect(breakdown.getByRole('listitem').first()).toBeVisible();
  expect(await breakdown.getByRole('listitem').count()).toBeGreaterThan(1);
  await expect(breakdown).toContainText(/\d+ \/ \d+/);
  await shots(page, 'prospect-scored');

  // The jobs page lists the finished job; its page shows the event log.
  await page.goto(`/campaigns/${campaignId}/jobs`);
  const row = page.getByRole('row').filter({ hasText: /score/i }).first();
  await expect(row).toContainText(/completed/i);
  await shots(page, 'jobs-full');
  await page.goto(`/campaigns/${campaignId}/jobs/${started.startScoring.data!.id}`);
  await expect(page.getByRole('heading', { name: /score job/i })).toBeVisible();
  await expect(page.getByText('completed').first()).toBeVisible();
  const log = page.getByRole('list', { name: 'Job events' });
  await expect(log.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByText('100%')).toBeVisible();
  await shots(page, 'job-completed');
});
