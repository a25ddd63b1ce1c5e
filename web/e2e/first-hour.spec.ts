// The first hour of a new user, through the real stack and nothing but the browser: sign up, follow
// the Get started checklist (connect Gmail on the fake Google consent page, create a campaign with
// the form's own validation, start discovery), watch the board fill, review and approve drafts with
// the keyboard, and see the dispatcher send the approved emails with no button pressed.
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { consent, expect, messageOf, shots, signUpInBrowser, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const checklist = (page: Page) => page.getByRole('region', { name: 'Get started' });
const nextStep = (page: Page) => checklist(page).locator('li[aria-current="step"]');

test('the first hour: sign up, follow the checklist, create a campaign, discover, review with the keyboard, sent by the dispatcher', async ({ page, context }) => {
  test.setTimeout(360_000);
  const address = `first-hour-${randomUUID().slice(0, 8)}@gmail.test`;

  // Sign up: the home screen shows the checklist with Connect Gmail as the next step.
  await signUpInBrowser(page, `first-hour-${randomUUID().slice(0, 8)}@example.com`);
  await expect(nextStep(page)).toContainText('Connect Gmail');
  await shots(page, 'first-hour-1-welcome');

  // 1. Connect Gmail, through Google's consent page (the fake), back in the app.
  await nextStep(page).getByRole('link', { name: /Connect Gmail/ }).click();
  await expect(page.getByRole('heading', { name: 'Mailboxes', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Mailboxes', level: 1 })).toBeFocused();
  await page.getByRole('button', { name: 'Connect Gmail' }).first().click();
  await consent(page, { account: address, another: true });
  await expect(page.getByText(`Connected ${address}.`)).toBeVisible();
  await shots(page, 'first-hour-2-mailbox-connected');

  // 2. Create a campaign: the checklist's next step now.
  await page.goto('/');
  await expect(nextStep(page)).toContainText('Create a campaign');
  await nextStep(page).getByRole('link', { name: /Create a campaign/ }).click();
  const form = page.getByRole('form', { name: 'Campaign settings' });
  const field = (label: string) => form.getByLabel(label, { exact: true });
  await expect(field('Campaign name')).toBeVisible();
  // One bad value of each kind, each message read back from its own field.
  await field('Portfolio URL').fill('ftp://ada.example/works');
  await field('Keywords').fill('');
  await field('Daily cap').fill('0');
  await field('Time zone').fill('EST5EDT');
  await field('Send window start (hour)').fill('17');
  await field('Send window end (hour)').fill('9');
  await form.getByRole('button', { name: /create campaign/i }).click();
  expect(await messageOf(field('Campaign name'))).toBe('Give the campaign a name.');
  await expect(field('Campaign name')).toBeFocused();
  expect(await messageOf(field('Portfolio URL'))).toBe('Enter a full URL starting with https://.');
  expect(await messageOf(field('Keywords'))).toBe('Add at least one keyword.');
  expect(await messageOf(field('Daily cap'))).toBe('Daily cap must be a whole number from 1 to 2000.');
  expect(await messageOf(field('Time zone'))).toMatch(/^Use an IANA time zone from the list, .*“EST5EDT” is not one/);
  expect(await messageOf(field('Send window end (hour)'))).toBe('The window must end after it starts.');
  await shots(page, 'first-hour-3-campaign-errors');

  // Fixed: sends all day in UTC, 5 to 8 s apart, every email reviewed by the artist.
  await field('Campaign name').fill('My first outreach');
  await field('Artist name').fill('Ada Artist');
  await field('Medium').fill('stoneware ceramics');
  await field('Portfolio URL').fill('https://ada.example/works');
  await field('Artist statement').fill('I make large stoneware vessels.');
  await field('Keywords').fill('ceramics open call');
  await field('From name').fill('Ada');
  await field('Search depth').fill('10');
  await field('Daily cap').fill('500');
  await field('Time zone').fill('UTC');
  await field('Send window start (hour)').fill('0');
  await field('Send window end (hour)').fill('24');
  await field('Minimum gap (seconds)').fill('5');
  await field('Maximum gap (seconds)').fill('8');
  await field('Minimum score').fill('0');
  await form.getByRole('button', { name: /create campaign/i }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new)[^/]+\/dashboard/);
  const campaignId = decodeURIComponent(/\/campaigns\/([^/]+)/.exec(page.url())![1]!);

  // 3. Start discovery: the dashboard's main action and the checklist's next step say so.
  await expect(nextStep(page)).toContainText('Start discovery');
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: 'Start discovery', exact: true }).first()).toBeVisible();
  await shots(page, 'first-hour-4-dashboard-start');
  await nextStep(page).getByRole('link', { name: /Start discovery/ }).click();
  const discovery = page.getByRole('form', { name: 'Start discovery' });
  await discovery.getByRole('button', { name: 'Start discovery' }).click();
  await expect(page.getByText('Discovery started.')).toBeVisible();

  // Watch the board fill live: drafted cards arrive without a reload. Two of them, since the review
  // below approves two from a list loaded once (the first card alone left 1 in 9 runs with one draft).
  const board = await context.newPage();
  await board.goto(`/campaigns/${encodeURIComponent(campaignId)}/board`);
  await expect(board.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
  await expect(board.locator('section[data-stage="drafted"]').getByRole('listitem').nth(1)).toBeVisible({ timeout: 180_000 });
  await shots(board, 'first-hour-5-board-drafted');

  // 4. Review: the dashboard offers "Review N drafts" once discovery has written them.
  await page.bringToFront();
  await page.goto(`/campaigns/${encodeURIComponent(campaignId)}/dashboard`);
  const review = main.getByRole('link', { name: /^Review \d+ drafts?$/ }).first();
  await expect(review).toBeVisible({ timeout: 120_000 });
  await review.click();
  const table = page.getByRole('table', { name: 'Emails' });
  const current = table.locator('tbody tr[aria-current="true"]');
  await expect(current).toBeVisible();
  await shots(page, 'first-hour-6-drafts');
  // Approve two from the keyboard: a approves and moves on; one it cannot approve (no address) is said, j skips it.
  const said = page.getByRole('status').filter({ hasText: /^(Approved the draft for|Not approved: )/ });
  const approved: string[] = [];
  for (let tries = 0; approved.length < 2 && tries < 12; tries++) {
    const before = (await said.count()) ? await said.first().textContent() : '';
    await page.keyboard.press('a');
    await expect(said.first()).not.toHaveText(before ?? '');
    const text = (await said.first().textContent()) ?? '';
    const domain = /^Approved the draft for (\S+?)\.(?: Next|$)/.exec(text)?.[1];
    if (domain) approved.push(domain);
    else await page.keyboard.press('j');
  }
  expect(approved).toHaveLength(2);

  // 5. Sending is on: nothing else is pressed; the dispatcher sends them one by one.
  await page.getByRole('navigation', { name: 'Campaign' }).getByRole('link', { name: 'Send queue' }).click();
  // The queue says when the next one goes (or that both already went), and follows until both are out.
  const nextSend = page.getByRole('status').filter({ hasText: /^(Next email at \d\d:\d\d \(UTC\)|Nothing queued)$/ });
  await expect(nextSend).toBeVisible();
  await shots(page, 'first-hour-7-send-queue');
  await expect(nextSend).toHaveText('Nothing queued', { timeout: 90_000 });
  await expect(page.getByText('2 / 500')).toBeVisible({ timeout: 30_000 });
  const sent = board.locator('section[data-stage="sent"]');
  for (const d of approved) await expect(sent.getByText(d, { exact: true })).toBeVisible({ timeout: 90_000 });
  await shots(board, 'first-hour-8-board-sent');

  // The review step is done once nothing waits; the checklist counts what is done.
  await page.goto(`/campaigns/${encodeURIComponent(campaignId)}/dashboard`);
  await expect(checklist(page).getByText(/Turn sending on/)).toBeVisible();
  await expect(checklist(page).getByText(/Connect Gmail \(done\)/)).toBeVisible();
  await shots(page, 'first-hour-9-dashboard');
});
