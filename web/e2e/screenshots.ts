// Takes screenshots of the main screens against `vite preview` (started separately) with the
// API unreachable, so the error and empty states can be looked at. Usage:
//   VITE_API_URL=http://127.0.0.1:9 pnpm build && pnpm preview &   then   tsx e2e/screenshots.ts
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = process.env.WEB_URL ?? 'http://127.0.0.1:4173';
const out = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const profile = mkdtempSync(join(tmpdir(), 'outreach-shots-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  viewport: { width: 1360, height: 860 },
});
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const shot = async (path: string, name: string, waitFor?: string) => {
    await page.goto(base + path);
    if (waitFor) await page.getByText(waitFor).first().waitFor({ timeout: 10_000 }).catch(() => console.warn(`${name}: "${waitFor}" not shown`));
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log('saved', name);
  };
  await shot('/login', 'login');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.screenshot({ path: join(out, 'login-validation.png') });
  await shot('/login', 'login-server-down');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('secret-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText(/could not be reached/).waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: join(out, 'login-server-down.png') });
  await page.evaluate(() => localStorage.setItem('outreach.token', 'test-token'));
  await shot('/', 'home-error', 'could not be reached');
  await shot('/campaigns/c1/dashboard', 'dashboard-error', 'could not be reached');
  await shot('/campaigns/c1/board', 'board-error', 'could not be reached');
  await shot('/campaigns/c1/prospects', 'prospects-error', 'could not be reached');
  await shot('/campaigns/c1/jobs', 'jobs-error', 'could not be reached');
  await shot('/campaigns/c1/settings', 'settings-error', 'could not be reached');
  await shot('/campaigns/c1/add', 'add-prospects');
  await shot('/campaigns/new', 'new-campaign');
  await shot('/campaigns/c1/drafts', 'drafts-coming-soon');
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
