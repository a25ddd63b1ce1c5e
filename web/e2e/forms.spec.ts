// The forms' validation as a new user meets it, through the real stack: one bad value per kind of
// field (text over the server's limit, email, URL, whole number, time zone, list, country), each
// message read back from the field itself (aria-invalid + aria-describedby), focus on the first
// one; a value only the server refuses comes back on its field in plain words; a stored value that
// today's rules refuse loads and is marked for fixing; "saved" appears next to the Save button.
import { createCampaign, db, expect, logInAs, messageOf, rawId, shots, signUp, signUpInBrowser, test } from './fixtures';

test('sign-up: the password minimum is the server’s, said on the field; a taken address comes back on Email', async ({ page }) => {
  const email = `forms-${Date.now()}@example.com`;
  await signUpInBrowser(page, email);
  await page.evaluate(() => localStorage.clear());
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Ada Artist');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('nine char');
  await page.getByRole('button', { name: 'Create account' }).click();
  expect(await messageOf(page.getByLabel('Password'))).toBe('Password must be at least 10 characters.');
  await expect(page.getByLabel('Password')).toBeFocused();
  await expect(page.getByLabel('Name')).toHaveAttribute('maxlength', '120');
  await page.getByLabel('Password').fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  const taken = await messageOf(page.getByLabel('Email'));
  expect(taken).not.toBe('');
  await expect(page.getByLabel('Email')).toBeFocused();
});

test('new campaign: one bad value per kind of field, each message on its field, focus on the first', async ({ page }) => {
  await signUpInBrowser(page, `forms-new-${Date.now()}@example.com`);
  await page.getByRole('link', { name: 'New campaign' }).click();
  const name = page.getByLabel('Campaign name');
  await expect(name).toBeVisible();
  // Text: the input stops at the server's limit, so "Too big: expected string to have <=120 characters" cannot happen.
  await expect(name).toHaveAttribute('maxlength', '120');
  await name.fill('x'.repeat(130));
  await expect(name).toHaveValue('x'.repeat(120));
  await name.fill('');
  await page.getByLabel('Artist name').fill('Ada Artist');
  await page.getByLabel('Keywords').fill('ceramics');
  await page.getByLabel('From name').fill('Ada');
  await page.getByLabel('From email').fill('ada@example');
  await page.getByLabel('Portfolio URL').fill('ftp://ada.example');
  await page.getByLabel('Sample works').fill('Tall vessel | https://ada.example/vessel\nUntitled bowl');
  await page.getByLabel('Daily cap').fill('5000');
  await page.getByLabel('Time zone').fill('EST5EDT');
  // The country is a named choice; the stored DataForSEO code stays behind it.
  await expect(page.getByLabel('Country').locator('option:checked')).toHaveText('United States');
  await page.getByLabel('Country').selectOption({ label: 'Germany' });
  await shots(page, 'forms-new-campaign-filled');
  await page.getByRole('button', { name: 'Create campaign' }).click();

  await expect(name).toBeFocused();
  expect(await messageOf(name)).toBe('Give the campaign a name.');
  expect(await messageOf(page.getByLabel('From email'))).toBe('Enter a valid email address, like you@example.com.');
  expect(await messageOf(page.getByLabel('Portfolio URL'))).toBe('Enter a full URL starting with https://.');
  expect(await messageOf(page.getByLabel('Sample works'))).toBe('Sample work 2 (“Untitled bowl”) needs a URL: write each line as Title | https://link.');
  expect(await messageOf(page.getByLabel('Daily cap'))).toBe('Daily cap must be a whole number from 1 to 2000.');
  expect(await messageOf(page.getByLabel('Time zone'))).toBe('Use an IANA time zone from the list, such as Europe/Berlin or America/New_York (“EST5EDT” is not one).');
  await expect(page.getByText('Not saved: fix the 6 fields marked above.')).toBeVisible();
  await shots(page, 'forms-new-campaign-errors');

  // Fixed in the browser; the server still refuses the address: its message lands on From email.
  await name.fill('Spring open calls');
  await page.getByLabel('From email').fill('ada@example..com');
  await page.getByLabel('Portfolio URL').fill('https://ada.example');
  await page.getByLabel('Sample works').fill('Tall vessel | https://ada.example/vessel');
  await page.getByLabel('Daily cap').fill('20');
  await page.getByLabel('Time zone').fill('America/New_York');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  const fromEmail = page.getByLabel('From email');
  await expect(fromEmail).toBeFocused();
  const said = await messageOf(fromEmail);
  expect(said).toMatch(/^From email /);
  expect(said).not.toMatch(/Too big|Invalid|expected/);
  await fromEmail.fill('ada@example.com');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new)[^/]+\/dashboard/);
});

test('settings: a stored sample work with no URL loads marked for fixing; saving says so next to the button', async ({ page }) => {
  const user = await signUp('forms-settings');
  const campaignId = await createCampaign(user, 'Stored values');
  await db().query(`UPDATE campaigns SET sample_works = '[{"title":"Untitled vessel"}]'::jsonb, location_code = 2999 WHERE id = $1`, [rawId(campaignId)]);
  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/settings`);
  const works = page.getByLabel('Sample works');
  await expect(works).toBeVisible();
  expect(await messageOf(works)).toBe('Sample work 1 (“Untitled vessel”) needs a URL: write each line as Title | https://link.');
  await expect(page.getByLabel('Campaign name')).toHaveValue('Stored values');
  await expect(page.getByLabel('Medium')).toHaveValue('ceramics');
  await expect(page.getByLabel('Country').locator('option:checked')).toHaveText('Location 2999');
  await shots(page, 'forms-settings-stored-invalid');
  await works.fill('Untitled vessel | https://ada.example/vessel');
  const save = page.getByRole('button', { name: 'Save settings' });
  await save.click();
  const result = page.getByRole('status').filter({ hasText: /^Settings saved at / });
  await expect(result).toBeFocused();
  // Next to the button, in view, where the user is: not at the top of the page.
  const [b, r] = [(await save.boundingBox())!, (await result.boundingBox())!];
  expect(Math.abs(b.y - r.y)).toBeLessThan(40);
  await expect(result).toBeInViewport();
  const { rows } = await db().query<{ sample_works: unknown; location_code: number }>(`SELECT sample_works, location_code FROM campaigns WHERE id = $1`, [rawId(campaignId)]);
  expect(rows[0]).toEqual({ sample_works: [{ title: 'Untitled vessel', url: 'https://ada.example/vessel' }], location_code: 2999 });
});

test('add prospect and discovery: refusals on their fields, focus on the result', async ({ page }) => {
  const user = await signUp('forms-add');
  const campaignId = await createCampaign(user, 'Adding');
  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/add`);
  const form = page.getByRole('form', { name: 'Add one prospect' });
  await form.getByLabel('Domain or URL').fill('gallery.example');
  await form.getByLabel('Contact email (optional)').fill('curator@');
  await form.getByRole('button', { name: 'Add prospect' }).click();
  expect(await messageOf(form.getByLabel('Contact email (optional)'))).toBe('Enter a valid email address, like editor@gallery.example.');
  await expect(form.getByLabel('Contact email (optional)')).toBeFocused();
  await expect(form.getByLabel('Page title (optional)')).toHaveAttribute('maxlength', '500');
  await form.getByLabel('Contact email (optional)').fill('curator@gallery.example');
  await form.getByRole('button', { name: 'Add prospect' }).click();
  await expect(form.getByText(/Added\s+gallery\.example/)).toBeVisible();
  await expect(form.locator('.result-focus')).toBeFocused();

  await page.goto(`/campaigns/${campaignId}/discovery`);
  await expect(page.getByText(/Searches in United States, language en/)).toBeVisible();
  await page.getByRole('button', { name: 'Start discovery' }).click();
  await expect(page.getByText('Discovery started.')).toBeVisible();
  await expect(page.locator('.result-focus').filter({ hasText: 'Discovery started.' })).toBeFocused();
});
