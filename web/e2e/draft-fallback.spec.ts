// Gemini rate limited while a draft is written, through the real stack: the draft comes from the
// template, says why on the editor and on Drafts & review, and is left for a person to approve
// although the campaign's auto-approve score would have approved it.
import { globalId } from '@outreach/testkit/gql';
import { createCampaign, db, env, expect, gql, logInAs, rawId, signUp, test } from './fixtures';

async function gemini(action: string, body: Record<string, unknown> = {}) {
  const res = await fetch(`${env.controls.gemini}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`fake Gemini ${action}: ${res.status} ${await res.text()}`);
}

test('a draft the template wrote because Gemini was rate limited says so, and waits for a person', async ({ page }) => {
  const user = await signUp('fallback');
  const campaignId = await createCampaign(user, 'Fallback drafts');
  const cid = rawId(campaignId);
  await gql(`mutation($id: ID!, $input: CampaignUpdateInput!) { updateCampaign(id: $id, input: $input) { __typename } }`,
    { id: campaignId, input: { autoApproveScore: 50 } }, user.token);
  const { rows } = await db().query<{ id: string }>(
    `INSERT INTO prospects (campaign_id, domain, page_url, page_title, contact_email, score, stage, source)
     VALUES ($1, 'kiln-notes.example', 'https://kiln-notes.example/', 'Kiln Notes', 'editor@kiln-notes.example', 90, 'drafted', 'serp') RETURNING id`, [cid]);
  const prospectId = rows[0]!.id;
  await db().query(
    `INSERT INTO email_logs (prospect_id, step, status, to_email, subject, body, draft_source)
     VALUES ($1, 0, 'draft', 'editor@kiln-notes.example', 'Stoneware for Kiln Notes', E'Dear editor,\\n\\nAda', 'gemini')`, [prospectId]);

  await logInAs(page, user);
  await page.goto(`/campaigns/${campaignId}/prospects/${encodeURIComponent(globalId('Prospect', prospectId))}`);
  const editor = page.getByRole('form', { name: 'Edit draft' });
  await expect(editor.getByText(/written by gemini/)).toBeVisible();

  // The next Gemini call answers 429 asking for 20 s: more than a draft may wait.
  await gemini('enqueue', { kind: 'rate_limited', retryDelay: '20s', count: 1 });
  try {
    await editor.getByRole('button', { name: 'Regenerate' }).click();
    await expect(page.getByText('A new draft is ready: it replaced the old one below.')).toBeVisible({ timeout: 60_000 });
  } finally {
    await gemini('reset');
  }
  await expect(editor.getByText(/written by template/)).toBeVisible();
  await expect(editor.getByRole('list', { name: 'Flags' }).getByRole('listitem')).toHaveText('From your template Written from your template: Gemini was rate limited.');
  await expect(editor.getByRole('button', { name: 'Approve' })).toBeVisible();

  await page.goto(`/campaigns/${campaignId}/drafts`);
  const row = page.getByRole('row', { name: /^kiln-notes\.example, draft/ });
  await expect(row.getByText('Written from your template: Gemini was rate limited')).toBeVisible();
  await expect(row.getByText('From your template', { exact: true })).toBeVisible();
});
