// Shared fixtures for the browser suite: the stack's addresses (from global-setup), a GraphQL client
// for arranging data quickly, direct database access for bulk inserts, screenshots at two widths,
// and a guard that fails a test when the page opens a dialog (alert/confirm: e.g. an XSS payload ran).
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCampaign as createCampaignThroughApi, gqlClient, gqlData, rawId, signUp as signUpThroughApi } from '@outreach/testkit/gql';
import { connectMailbox } from '@outreach/testkit/mailboxes';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
export const screenshotDir = path.join(here, 'screenshots');
mkdirSync(screenshotDir, { recursive: true });

export const env = {
  get webUrl() { return must('E2E_WEB_URL'); },
  get apiUrl() { return must('E2E_API_URL'); },
  get databaseUrl() { return must('E2E_DATABASE_URL'); },
  get controls() { return JSON.parse(process.env.E2E_FAKE_CONTROL_URLS ?? '{}') as Record<string, string>; },
};
function must(k: string): string {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run the suite through playwright.config.ts (global setup starts the stack)`);
  return v;
}

const api = () => gqlClient(env.apiUrl);

/** GraphQL over POST as a user; throws on transport or GraphQL errors. */
export const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
  gqlData<T>(env.apiUrl, query, variables, token);

export type User = Awaited<ReturnType<typeof signUpThroughApi>>;

/** A new artist, "Ada Artist", with an address made from `label`. */
export const signUp = (label = 'user'): Promise<User> => signUpThroughApi(api(), 'Ada Artist', label);

/**
 * Connects a Gmail mailbox of the fake for the user, as Settings → Mailboxes does (consent on the
 * fake Google page, then completeGmailConnect), without a browser; returns its address.
 */
export async function connectGmail(token: string, address = `artist-${randomUUID().slice(0, 8)}@gmail.test`): Promise<string> {
  const gmail = env.controls.gmail;
  if (!gmail) throw new Error('the stack runs no fake Gmail');
  const done = await connectMailbox(api(), token, gmail, { account: address });
  if (!done || !('data' in done) || done.data.mailbox?.status !== 'connected') throw new Error(`connecting ${address} failed: ${JSON.stringify(done)}`);
  return done.data.mailbox.address;
}

/**
 * A ceramicist's campaign of `user`; returns its global id. Unless `mailbox: false`, the user first
 * gets a connected Gmail mailbox (when they have none), which the campaign sends from: without one
 * nothing is sent.
 */
export async function createCampaign(user: User, name = 'Spring open calls', opts: { mailbox?: boolean } = {}): Promise<string> {
  if (opts.mailbox !== false) {
    const { mailboxes } = await gql<{ mailboxes: { status: string }[] }>(`{ mailboxes { status } }`, {}, user.token);
    if (!mailboxes.some((m) => m.status === 'connected')) await connectGmail(user.token);
  }
  const campaign = await createCampaignThroughApi(api(), user.token, {
    name, artistName: 'Ada Artist', medium: 'ceramics', fromName: 'Ada', fromEmail: 'ada@example.com',
    keywords: ['ceramics', 'open call'], statement: 'I make large stoneware vessels.',
  });
  return campaign.id;
}

/** Puts the token where the app keeps it, so a page opens logged in. */
export async function logInAs(page: Page, user: User) {
  await page.addInitScript((t) => { if (!sessionStorage.getItem('e2e.login')) { localStorage.setItem('outreach.token', t); sessionStorage.setItem('e2e.login', '1'); } }, user.token);
}

let pool: pg.Pool | undefined;
export function db(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  return pool;
}

export type Width = 'desktop' | 'narrow';
export const VIEWPORTS: Record<Width, { width: number; height: number }> = {
  desktop: { width: 1440, height: 900 },
  narrow: { width: 390, height: 844 },
};

/** Full-page PNG at one width: screenshots/<name>-<width>.png. */
export async function shotAt(page: Page, name: string, width: Width) {
  const prev = page.viewportSize();
  await page.setViewportSize(VIEWPORTS[width]);
  // Let layout settle (fonts, virtualized lists measuring) before the picture.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  if (prev) await page.setViewportSize(prev);
}

/** Desktop and narrow PNGs of the current screen. */
export async function shots(page: Page, name: string) {
  await shotAt(page, name, 'desktop');
  await shotAt(page, name, 'narrow');
}

export const test = base.extend<{ dialogs: string[] }>({
  // Playwright requires a destructuring pattern for the fixtures argument, even an empty one.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => { await use(env.webUrl); },
  // Every test fails if the page opened a JavaScript dialog (alert, confirm, prompt).
  dialogs: [async ({ page }, use) => {
    const seen: string[] = [];
    page.on('dialog', (d) => { seen.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
    await use(seen);
    expect(seen, 'no JavaScript dialog may open').toEqual([]);
  }, { auto: true }],
});

export { expect };

export { rawId };

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** On the fake Google page: choose an account (an existing one by address, or "Use another account"), untick scopes, press a button. */
export async function consent(page: Page, opts: { account: string; another?: boolean; untick?: RegExp[]; press?: 'Continue' | 'Cancel' }) {
  await expect(page).toHaveURL(/\/o\/oauth2\/v2\/auth/);
  await expect(page.getByRole('heading', { name: 'Sign in with Google' })).toBeVisible();
  if (opts.another) {
    await page.getByLabel('Use another account').check();
    await page.getByLabel('Email or phone').fill(opts.account);
  } else {
    await page.getByLabel(new RegExp(`\\(${escapeRegExp(opts.account)}\\)`)).check();
  }
  for (const scope of opts.untick ?? []) await page.getByRole('checkbox', { name: scope }).uncheck();
  await page.getByRole('button', { name: opts.press ?? 'Continue' }).click();
}

/** The message a field is described by (its error), as a screen reader reads it. */
export async function messageOf(field: Locator): Promise<string> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const ids = (await field.getAttribute('aria-describedby'))!.split(' ');
  const page = field.page();
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.filter((_t, i) => ids[i]!.endsWith('-error')).join(' ');
}

/** Signs up in the browser; returns the user with the token the app stored. */
export async function signUpInBrowser(page: Page, email: string): Promise<User> {
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Ada Artist');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Create your first campaign')).toBeVisible();
  const token = await page.evaluate(() => localStorage.getItem('outreach.token'));
  expect(token, 'signed in').toBeTruthy();
  const me = await gql<{ me: { id: string } }>(`{ me { id } }`, {}, token!);
  return { token: token!, userId: me.me.id, email, password: 'correct horse battery', name: 'Ada Artist' };
}
