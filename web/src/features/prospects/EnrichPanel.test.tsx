import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFragmentData } from '../../gql';
import { createMockClient, liveStream, opName, renderWithClient } from '../../test/urqlMock';
import { EnrichPanel, EnrichPanelFragment } from './EnrichPanel';

const prospect = makeFragmentData({
  __typename: 'Prospect', id: 'p1', domain: 'amber-fresco-atelier.example', stage: 'discovered',
  enrichedAt: null, enrichAvailableAt: null, enrichNotes: [], enrichJob: null,
} as never, EnrichPanelFragment);

const jobRow = (status: string) => ({
  __typename: 'Job', id: 'j1', jobType: 'enrich', status, progress: 0, attempts: 0, errorMessage: null,
  createdAt: '2026-12-04T10:00:00.000Z', startedAt: null, finishedAt: null, campaign: { __typename: 'Campaign', id: 'c1' },
});

const progressEvent = (kind: string, seq: number, status: string, errorMessage: string | null = null) => ({
  jobProgress: { __typename: 'JobProgress', kind, seq, status, progress: status === 'running' ? 40 : 100, message: null,
    job: { __typename: 'Job', id: 'j1', errorMessage, result: null } },
});

/** Enrich pressed; the mutation's answer still says "pending" however far the job has gone. */
function setup() {
  const progress = liveStream();
  const onEnriched = vi.fn(() => Promise.resolve());
  const mock = createMockClient((op) => {
    if (opName(op) === 'EnrichProspects') {
      return { data: { enrichProspects: { __typename: 'MutationEnrichProspectsSuccess', data: { __typename: 'EnrichProspectsResult', jobs: [jobRow('pending')], refused: [] } } } };
    }
    if (opName(op) === 'FollowedJobProgress') return progress.source;
    return undefined;
  }, { cache: true });
  renderWithClient(<EnrichPanel prospect={prospect} campaignId="c1" onEnriched={onEnriched} />, mock.client);
  return { ...mock, progress, onEnriched };
}

describe('EnrichPanel', () => {
  it('a job that finished before the answer arrived is still seen to finish: the prospect is read again and the notice says so', async () => {
    const s = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Enrich' }));
    await screen.findByText(/Enriching and scoring amber-fresco-atelier\.example… this page updates when the job finishes\./);
    await waitFor(() => expect(s.operations.find((o) => opName(o) === 'FollowedJobProgress')?.variables).toEqual({ jobId: 'j1' }));
    // The subscription's first event is the job's current state: already completed.
    s.progress.push(progressEvent('CURRENT', 7, 'completed'));
    expect(await screen.findByText('Enrichment of amber-fresco-atelier.example finished and the score is up to date.')).toBeTruthy();
    expect(s.onEnriched).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('link', { name: 'Follow the job' }).getAttribute('href')).toContain('/jobs/j1');
  });

  it('follows a running job to its failure and says why', async () => {
    const s = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Enrich' }));
    await waitFor(() => expect(s.operations.some((o) => opName(o) === 'FollowedJobProgress')).toBe(true));
    s.progress.push(progressEvent('CURRENT', 1, 'running'));
    expect(await screen.findByText('Enriching… 40%')).toBeTruthy();
    expect(s.onEnriched).not.toHaveBeenCalled();
    s.progress.push(progressEvent('LIVE', 2, 'failed', 'Hunter answered 401: the API key was refused'));
    expect(await screen.findByText('Enrichment failed: Hunter answered 401: the API key was refused.')).toBeTruthy();
    expect(s.onEnriched).toHaveBeenCalledTimes(1);
  });
});
