import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { createMockClient, liveStream, opName, renderWithClient } from '../../test/urqlMock';
import { JobPage } from './JobPage';

const job = {
  __typename: 'Job', id: 'j1', jobType: 'score', status: 'running', progress: 10, attempts: 1, params: { campaignId: 'c1' }, result: null,
  errorMessage: null, createdAt: '2025-03-01T10:00:00.000Z', startedAt: '2025-03-01T10:00:01.000Z', finishedAt: null,
  campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring shows' }, parent: null, children: [],
  events: [{ __typename: 'JobEvent', id: 'e1', level: 'info', message: 'Scoring 100 prospects', progress: 0, createdAt: '2025-03-01T10:00:01.000Z' }],
};

describe('JobPage', () => {
  it('moves the progress bar and logs the message when a jobProgress event arrives', async () => {
    const live = liveStream();
    const { client, operations } = createMockClient((op) => {
      if (opName(op) === 'Job') return { data: { job } };
      if (opName(op) === 'JobProgress') return live.source;
      return undefined;
    }, { cache: true });
    renderWithClient(<JobPage campaignId="c1" jobId="j1" />, client);
    const bar = await screen.findByRole('progressbar', { name: 'Job progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('10');
    expect(screen.getByText('Scoring 100 prospects')).toBeTruthy();
    expect(operations.find((o) => opName(o) === 'JobProgress')?.variables).toEqual({ jobId: 'j1' });

    live.push({ jobProgress: { __typename: 'JobProgress', seq: 5, status: 'running', progress: 60, message: 'Scored 60 of 100',
      job: { __typename: 'Job', id: 'j1', status: 'running', progress: 60, errorMessage: null, startedAt: job.startedAt, finishedAt: null, attempts: 1 } } });
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Job progress' }).getAttribute('aria-valuenow')).toBe('60'));
    expect(within(screen.getByRole('list', { name: 'Job events' })).getByText('Scored 60 of 100')).toBeTruthy();

    live.push({ jobProgress: { __typename: 'JobProgress', seq: 6, status: 'completed', progress: 100, message: 'Done',
      job: { __typename: 'Job', id: 'j1', status: 'completed', progress: 100, errorMessage: null, startedAt: job.startedAt, finishedAt: '2025-03-01T10:01:00.000Z', attempts: 1 } } });
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Job progress' }).getAttribute('aria-valuenow')).toBe('100'));
    expect(screen.getByText('completed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });
});
