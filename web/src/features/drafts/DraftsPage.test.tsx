import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { createMockClient, opName, pageInfo, renderWithClient } from '../../test/urqlMock';
import { DraftsPage } from './DraftsPage';

const email = (id: string, domain: string, over: Record<string, unknown>) => ({
  __typename: 'EmailLog', id, step: 0, status: 'draft', subject: `Ada Potter for ${domain}`, body: 'Hello,\n\nMy name is Ada Potter.',
  flags: [], fallbackReason: null, createdAt: '2026-12-01T10:00:00.000Z', toEmail: `editor@${domain}`,
  prospect: { __typename: 'Prospect', id: `p-${id}`, domain, score: 80, stage: 'drafted' }, ...over,
});

describe('DraftsPage', () => {
  it('says on each template draft why Gemini did not write it, and nothing on Gemini’s drafts', async () => {
    const mock = createMockClient((op) => {
      if (opName(op) !== 'Drafts') return undefined;
      return { data: {
        campaign: { __typename: 'Campaign', id: 'c1', autoApproveScore: 50 },
        emailLogs: { __typename: 'EmailLogConnection', pageInfo: pageInfo(), edges: [
          { __typename: 'EmailLogConnectionEdge', cursor: 'a', node: email('e1', 'kiln-notes.example', { flags: ['template_fallback'], fallbackReason: 'gemini_rate_limited' }) },
          { __typename: 'EmailLogConnectionEdge', cursor: 'b', node: email('e2', 'glaze-review.example', { flags: ['template_fallback'], fallbackReason: 'gemini_safety' }) },
          { __typename: 'EmailLogConnectionEdge', cursor: 'c', node: email('e3', 'clay-weekly.example', {}) },
        ] },
      } };
    });
    renderWithClient(<DraftsPage campaignId="c1" />, mock.client);
    const row = (domain: string) => screen.getByRole('row', { name: new RegExp(`^${domain.replace(/\./g, '\\.')}`) });
    expect(within(await screen.findByRole('row', { name: /^kiln-notes\.example/ })).getByText('Written from your template: Gemini was rate limited')).toBeTruthy();
    expect(within(row('kiln-notes.example')).getByText('From your template').getAttribute('title')).toBe('Written from your template: Gemini was rate limited.');
    expect(within(row('glaze-review.example')).getByText('Written from your template: Gemini withheld its answer (safety filter)')).toBeTruthy();
    expect(within(row('clay-weekly.example')).queryByText(/Written from your template/)).toBeNull();
  });
});
