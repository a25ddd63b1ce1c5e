// Providers, spend and alerts: the sandbox banner on every screen, provider health and spend on the
// dashboard, and an expired-Gmail-token alert that shows as a banner until it is marked resolved.
import { createCampaign, db, expect, logInAs, rawId, shots, signUp, test } from './fixtures';

test('sandbox banner, provider health and spend on the dashboard; an alert banner goes away once resolved', async ({ page }) => {
  const user = await signUp('providers');
  const campaignId = await createCampaign(user);
  const cid = rawId(campaignId);
  const uid = rawId(user.userId);
  // What the pipeline records: a few provider calls with their cost, and an alert a person must act on.
  await db().query(
    `INSERT INTO provider_calls (user_id, campaign_id, provider, operation, status, cost, cached, latency_ms)
     VALUES ($1, $2, 'dataforseo', 'serp', 'ok', 0.0006, false, 320), ($1, $2, 'dataforseo', 'serp', 'ok', 0, true, 2),
            ($1, $2, 'hunter', 'domain-search', 'ok', 0.01, false, 210), ($1, $2, 'gemini', 'generate', 'error', 0, false, 900)`,
    [uid, cid],
  );
  await db().query(
    `INSERT INTO alerts (user_id, campaign_id, provider, kind, message)
     VALUES ($1, $2, 'gmail', 'gmail_token_expired', 'The Gmail token expired or was revoked: sending is paused until you connect Gmail again.')`,
    [uid, cid],
  );

  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/dashboard`);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  // Query.providers reports sandbox mode for every provider in this stack: the banner says so.
  const sandbox = page.getByRole('status').filter({ hasText: 'Sandbox mode' });
  await expect(sandbox).toBeVisible();
  await expect(sandbox).toContainText('no real email can leave');

  const health = page.getByRole('list', { name: 'Provider health' });
  await expect(health.getByRole('listitem')).toHaveCount(4);
  await expect(health.getByRole('listitem').filter({ hasText: 'Gmail' })).toContainText('sandbox');
  await expect(health.getByRole('listitem').filter({ hasText: 'Gemini' })).toContainText('failing');

  const spend = page.getByRole('table', { name: 'Spend per provider' });
  await expect(spend.getByRole('row', { name: /DataForSEO/ })).toContainText('$0.0006');
  await expect(spend.getByRole('row', { name: /Hunter/ })).toContainText('$0.01');
  await expect(spend.getByRole('row', { name: /Total/ })).toContainText('$0.0106');
  await expect(spend.getByRole('row', { name: /Total/ })).toContainText('4');

  const banner = page.getByRole('alert').filter({ hasText: 'Needs your attention' });
  await expect(banner).toContainText('Gmail token expired');
  await shots(page, 'dashboard-full');

  // The same banners follow the user to other screens.
  await page.getByRole('link', { name: 'Pipeline board' }).click();
  await expect(page.getByRole('heading', { name: 'Pipeline board' })).toBeVisible();
  await expect(banner).toBeVisible();
  await expect(sandbox).toBeVisible();

  await banner.getByRole('link', { name: 'Review alerts' }).click();
  await expect(page.getByRole('heading', { name: 'Providers & spend' })).toBeVisible();
  // The full page: health as a table with the last call, spend across all campaigns.
  const table = page.getByRole('table', { name: 'Provider health' });
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(page.getByRole('table', { name: 'Spend per provider' }).getByRole('columnheader', { name: 'Cached' })).toBeVisible();
  const alerts = page.getByRole('list', { name: 'Alerts' });
  await expect(alerts.getByRole('listitem')).toHaveCount(1);
  await shots(page, 'providers-full');
  await alerts.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(banner).toHaveCount(0);
  await expect(alerts.getByRole('listitem').first()).toContainText('resolved');
  await expect(alerts.getByRole('button', { name: 'Mark resolved' })).toHaveCount(0);

  // Resolution is stored: after a reload the banner stays away.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Providers & spend' })).toBeVisible();
  await expect(sandbox).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Needs your attention' })).toHaveCount(0);
});
