import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFragmentData } from '../../gql';
import { createMockClient, opName, renderWithClient } from '../../test/urqlMock';
import { DraftEditor, DraftEditorFragment } from './DraftEditor';

const email = makeFragmentData({
  __typename: 'EmailLog', id: 'e1', step: 0, status: 'draft', subject: 'Stoneware for your open call',
  body: 'Dear Mara,\n\nSee https://elsewhere.example/x\n\nAda', flags: ['unsupported_link', 'too_long'], draftSource: 'gemini',
  toEmail: 'editor@clay.example', error: null, fallbackReason: null,
}, DraftEditorFragment);

describe('DraftEditor', () => {
  it('explains each flag in plain language', async () => {
    const mock = createMockClient(() => undefined);
    renderWithClient(<DraftEditor email={email} prospectId="p1" campaignId="c1" />, mock.client);
    const flags = screen.getByRole('list', { name: 'Flags' });
    const items = within(flags).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('contains a link not found on the site or in your profile'.replace(/^c/, 'C'));
    expect(items[1]!.textContent).toContain('Too long');
    expect(screen.getByText(/2 checks flagged it/)).toBeTruthy();
  });

  it('says in plain words why a draft was written from the template', () => {
    const fallback = makeFragmentData({
      __typename: 'EmailLog', id: 'e2', step: 0, status: 'draft', subject: 'Ada Potter, ceramics for Clay', body: 'Hello,\n\nMy name is Ada Potter.',
      flags: ['template_fallback'], draftSource: 'template', fallbackReason: 'gemini_rate_limited', toEmail: 'editor@clay.example', error: null,
    }, DraftEditorFragment);
    renderWithClient(<DraftEditor email={fallback} prospectId="p1" campaignId="c1" />, createMockClient(() => undefined).client);
    const item = within(screen.getByRole('list', { name: 'Flags' })).getByRole('listitem');
    expect(item.textContent).toBe('From your template Written from your template: Gemini was rate limited.');
  });

  it('shows the server’s field error under the field and keeps the edit', async () => {
    const user = userEvent.setup();
    const mock = createMockClient((op) => {
      if (opName(op) === 'UpdateDraft') return { data: { updateDraft: {
        __typename: 'ValidationError', message: 'Invalid input',
        fieldErrors: [{ __typename: 'FieldError', path: ['subject'], message: 'must not contain line breaks (CR or LF)' }],
      } } };
      return undefined;
    });
    renderWithClient(<DraftEditor email={email} prospectId="p1" campaignId="c1" />, mock.client);
    const subject = screen.getByLabelText('Subject');
    await user.clear(subject);
    await user.type(subject, 'A new subject');
    expect(screen.getByText(/unsaved changes/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const err = await screen.findByText('Subject must not contain line breaks (CR or LF).');
    expect(subject.getAttribute('aria-invalid')).toBe('true');
    expect(subject.getAttribute('aria-describedby')).toContain(err.id);
    expect((subject as HTMLInputElement).value).toBe('A new subject');
    expect(screen.getByText(/was not saved/)).toBeTruthy();
    const sent = mock.operations.find((o) => opName(o) === 'UpdateDraft')!.variables as Record<string, unknown>;
    expect(sent).toMatchObject({ id: 'e1', subject: 'A new subject' });
  });

  it('saves then approves when there are edits, and offers sending once approved', async () => {
    const user = userEvent.setup();
    const mock = createMockClient((op) => {
      if (opName(op) === 'UpdateDraft') return { data: { updateDraft: { __typename: 'MutationUpdateDraftSuccess', data: { __typename: 'EmailLog', id: 'e1', subject: 'S', body: 'Edited', status: 'draft', flags: [], draftSource: 'manual' } } } };
      if (opName(op) === 'ApproveDraft') return { data: { approveDraft: { __typename: 'MutationApproveDraftSuccess', data: { __typename: 'EmailLog', id: 'e1', status: 'approved', prospect: { __typename: 'Prospect', id: 'p1', stage: 'approved' } } } } };
      return undefined;
    });
    renderWithClient(<DraftEditor email={email} prospectId="p1" campaignId="c1" />, mock.client);
    await user.type(screen.getByLabelText('Body'), ' more');
    await user.click(screen.getByRole('button', { name: 'Save & approve' }));
    expect(await screen.findByText(/Approved\. It goes out with the send queue/)).toBeTruthy();
    expect(mock.operations.map(opName).filter((n) => n !== undefined)).toEqual(['UpdateDraft', 'ApproveDraft']);
  });
});
