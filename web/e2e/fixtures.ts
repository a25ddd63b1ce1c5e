// Shared fixtures for the browser suite: the stack's addresses (from global-setup), a GraphQL client
// for arranging data quickly, direct database access for bulk inserts, screenshots at two widths,
// and a guard that fails a test when the page opens a dialog (alert/confirm: e.g. an XSS payload ran).
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
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

/** GraphQL over POST as a user; throws on transport or GraphQL errors. */
export async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${env.apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

export interface User { email: string; password: string; name: string; token: string; id: string }

export async function signUp(label = 'user'): Promise<User> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const name = 'Ada Artist';
  const d = await gql<{ signUp: { __typename: string; message?: string; data?: { token: string; user: { id: string } } } }>(
    `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on MutationSignUpSuccess { data { token user { id } } } ... on Error { message } } }`,
    { input: { email, password, name } },
  );
  if (!d.signUp.data) throw new Error(`signUp: ${d.signUp.message}`);
  return { email, password, name, token: d.signUp.data.token, id: d.signUp.data.user.id };
}

export async function createCampaign(user: User, name = 'Spring open calls'): Promise<string> {
  const d = await gql<{ createCampaign: { data?: { id: string }; message?: string } }>(
    `mutation($input: CampaignInput!) { createCampaign(input: $input) { __typename ... on MutationCreateCampaignSuccess { data { id } } ... on Error { message } } }`,
    { input: { name, artistName: 'Ada Artist', medium: 'ceramics', fromName: 'Ada', fromEmail: 'ada@example.com', keywords: ['ceramics', 'open call'], statement: 'I make large stoneware vessels.' } },
    user.token,
  );
  if (!d.createCampaign.data) throw new Error(`createCampaign: ${d.createCampaign.message}`);
  return d.createCampaign.data.id;
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

/** The database UUID inside a Relay global id ("Campaign:<uuid>" in base64). */
export function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i >= 0 ? decoded.slice(i + 1) : globalId;
}
