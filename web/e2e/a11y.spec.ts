// Keyboard use in a real browser: the skip link, focus on the new page's heading after navigation,
// the campaign selector that does not switch on ArrowDown, the board's arrow keys (no trap at an
// empty column), and the campaign kept on the account pages.
import { createCampaign, db, expect, logInAs, rawId, signUp, test, type User } from './fixtures';

let user: User;
let first: string;
let second: string;

test.beforeAll(async () => {
  user = await signUp('a11y');
  first = await createCampaign(user, 'Autumn galleries and ceramic magazines of the Nordic countries, second round');
  second = await createCampaign(user, 'Spring open calls');
  // One card in "discovered", one in "drafted": the stages between them are empty. Written straight
  // into the database: a prospect added through the API is enriched and scored by itself.
  for (const [domain, title, stage] of [['clay-gallery.example', 'Open call: ceramics', 'discovered'], ['kiln-magazine.example', 'Kiln Magazine submissions', 'drafted']] as const) {
    await db().query(`INSERT INTO prospects (campaign_id, domain, page_url, page_title, stage, source) VALUES ($1, $2, $3, $4, $5, 'manual')`,
      [rawId(first), domain, `https://${domain}/`, title, stage]);
  }
});

test('Tab reaches "Skip to content" first; it and every navigation put focus on the page heading', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${first}/dashboard`);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();
  await page.getByRole('navigation', { name: 'Campaign' }).getByRole('link', { name: 'Jobs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeFocused();
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Suppression list' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('the campaign selector shows the whole name and switches only on an explicit choice', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${first}/board`);
  const selector = page.getByRole('button', { name: /^Campaign / });
  await expect(selector).toContainText('Autumn galleries and ceramic magazines of the Nordic countries, second round');
  // Not cut: the name's box is as wide as its text.
  expect(await selector.locator('.campaign-button-name').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await selector.focus();
  // ArrowDown opens the list on the current campaign; arrows move, nothing switches.
  await page.keyboard.press('ArrowDown');
  const list = page.getByRole('list', { name: 'Campaigns' });
  await expect(list.getByRole('link', { name: /^Autumn galleries/ })).toBeFocused();
  const names = await list.getByRole('link').allTextContents();
  const from = names.findIndex((n) => n.startsWith('Autumn'));
  const to = names.indexOf('Spring open calls');
  for (let i = 0; i < Math.abs(to - from); i++) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await expect(list.getByRole('link', { name: 'Spring open calls' })).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${encodeURIComponent(first)}/board$`));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/campaigns/${encodeURIComponent(second)}/board$`));
  await expect(selector).toContainText('Spring open calls');
});

test('Suppression list and Providers & spend keep the campaign and its menu', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${second}/dashboard`);
  await expect(page.getByRole('button', { name: /^Campaign / })).toContainText('Spring open calls');
  await page.getByRole('link', { name: 'Suppression list' }).click();
  await expect(page).toHaveURL(/\/suppressions$/);
  await expect(page.getByRole('button', { name: /^Campaign / })).toContainText('Spring open calls');
  await expect(page.getByRole('navigation', { name: 'Campaign' }).getByRole('link', { name: 'Pipeline board' })).toBeVisible();
  await page.getByRole('link', { name: 'Providers & spend' }).click();
  await expect(page).toHaveURL(/\/providers$/);
  await expect(page.getByRole('button', { name: /^Campaign / })).toContainText('Spring open calls');
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Campaign' })).toBeVisible();
});

test('board: ArrowRight goes over the empty stages to the next card and back, never into nothing', async ({ page }) => {
  await logInAs(page, user);
  await page.goto(`/campaigns/${first}/board`);
  const card = (domain: string) => page.getByRole('link', { name: new RegExp(`^${domain.replace('.', '\\.')}`) });
  await expect(card('clay-gallery.example')).toBeVisible();
  await expect(card('kiln-magazine.example')).toBeVisible();
  await card('clay-gallery.example').focus();
  await page.keyboard.press('ArrowRight');
  await expect(card('kiln-magazine.example')).toBeFocused();
  // Nothing further right: focus stays on the card.
  await page.keyboard.press('ArrowRight');
  await expect(card('kiln-magazine.example')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(card('clay-gallery.example')).toBeFocused();
  // The empty stages are narrow strips: every column is on screen at 1440 px.
  for (const stage of ['discovered', 'drafted', 'skipped']) await expect(page.locator(`section[data-stage="${stage}"]`)).toBeInViewport();
  // The whole domain on hover.
  await expect(card('kiln-magazine.example')).toHaveAttribute('title', /kiln-magazine\.example/);
});
