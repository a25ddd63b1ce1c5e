import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { createMockClient, liveStream, opName, renderWithClient } from '../../test/urqlMock';
import { JobPage } from './JobPage';

const job = {
  __typename: 'Job', id: 'j1', jobType: 'score', status: 'running', progress: 10, attempts: 1, params: { campaignId: 'c1' }, result: null,
  errorMessage: null, createdAt: '2025-03-01T10:00:00.000Z', startedAt: '2025-03-01T10:00:01.000Z', finishedAt: null as string | null,
  campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring shows' }, parent: null, children: [] as unknown[],
  events: [{ __typename: 'JobEvent', id: 'e1', level: 'info', message: 'Scoring 100 prospects', progress: 0, createdAt: '2025-03-01T10:00:01.000Z' }],
};

const child = (id: string, progress: number, status = 'running') => ({
  __typename: 'Job', id, jobType: 'enrich', status, progress, attempts: 1, errorMessage: null,
  createdAt: '2025-03-01T10:00:02.000Z', startedAt: '2025-03-01T10:00:02.000Z', finishedAt: status === 'completed' ? '2025-03-01T10:00:09.000Z' : null,
  campaign: { __typename: 'Campaign', id: 'c1' },
});

/** The API's side: the stored job (what the Job query answers) and its live streams. */
function server(initial: typeof job) {
  const state = { job: initial };
  const progress = liveStream();
  const updated = liveStream();
  const { client, operations } = createMockClient((op) => {
    if (opName(op) === 'Job') return { data: { job: state.job } };
    if (opName(op) === 'JobProgress') return progress.source;
    if (opName(op) === 'JobUpdated') return updated.source;
    return undefined;
  }, { cache: true });
  /** The job changes on the server, then jobProgress carries it. */
  const step = (seq: number, status: string, value: number, message: string | null, kind: 'CURRENT' | 'LIVE' | 'REPLAY' = 'LIVE', extra: Partial<typeof job> = {}) => {
    state.job = { ...state.job, status, progress: value, finishedAt: status === 'completed' ? '2025-03-01T10:01:00.000Z' : null, ...extra };
    progress.push({ jobProgress: { __typename: 'JobProgress', kind, seq, status, progress: value, message,
      job: { __typename: 'Job', id: state.job.id, status, progress: value, errorMessage: null, startedAt: state.job.startedAt, finishedAt: state.job.finishedAt, attempts: 1 } } });
  };
  return { state, client, operations, step, updated };
}

const progressOf = (name: string) => screen.getByRole('progressbar', { name }).getAttribute('aria-valuenow');

describe('JobPage', () => {
  it('moves the progress bar and logs the message when a jobProgress event arrives', async () => {
    const s = server(job);
    renderWithClient(<JobPage campaignId="c1" jobId="j1" />, s.client);
    await screen.findByRole('progressbar', { name: 'Job progress' });
    expect(progressOf('Job progress')).toBe('10');
    expect(screen.getByText('Scoring 100 prospects')).toBeTruthy();
    expect(s.operations.find((o) => opName(o) === 'JobProgress')?.variables).toEqual({ jobId: 'j1' });

    s.step(5, 'running', 60, 'Scored 60 of 100');
    await waitFor(() => expect(progressOf('Job progress')).toBe('60'));
    expect(within(screen.getByRole('list', { name: 'Job events' })).getByText('Scored 60 of 100')).toBeTruthy();

    s.step(6, 'completed', 100, 'Done');
    await waitFor(() => expect(progressOf('Job progress')).toBe('100'));
    expect(screen.getByText('completed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });

  it("a flow parent's page follows its children and ends Completed 100% without a reload", async () => {
    const parent = { ...job, id: 'p1', jobType: 'discover', progress: 20, children: [child('k1', 0), child('k2', 15)] };
    const s = server(parent);
    renderWithClient(<JobPage campaignId="c1" jobId="p1" />, s.client);
    await screen.findByRole('progressbar', { name: 'Job progress' });
    expect(progressOf('Job progress')).toBe('20');
    const rows = () => screen.getAllByRole('progressbar', { name: 'enrich job progress' }).map((b) => b.getAttribute('aria-valuenow'));
    expect(rows()).toEqual(['0', '15']);
    // The page lists the campaign's job updates: a child's progress moves its row.
    expect(s.operations.find((o) => opName(o) === 'JobUpdated')?.variables).toEqual({ campaignId: 'c1' });
    s.updated.push({ jobUpdated: child('k1', 60) });
    await waitFor(() => expect(rows()).toEqual(['60', '15']));

    // Everything finished before the subscription delivered anything: its first event is the job's
    // current state, and the page reloads the job for its children's final state.
    s.state.job = { ...s.state.job, children: [child('k1', 100, 'completed'), child('k2', 100, 'completed')] };
    s.step(9, 'completed', 100, 'Completed', 'CURRENT');
    await waitFor(() => expect(progressOf('Job progress')).toBe('100'));
    expect(screen.getByText('completed', { selector: '.card-header .badge' })).toBeTruthy();
    await waitFor(() => expect(rows()).toEqual(['100', '100']));
    expect(s.operations.filter((o) => opName(o) === 'Job').length).toBeGreaterThanOrEqual(2);
  });

  it('reloads the job when the subscription starts again (its CURRENT event after a reconnect)', async () => {
    const s = server(job);
    renderWithClient(<JobPage campaignId="c1" jobId="j1" />, s.client);
    await screen.findByRole('progressbar', { name: 'Job progress' });
    s.step(3, 'running', 30, 'Scored 30 of 100', 'CURRENT');
    await waitFor(() => expect(s.operations.filter((o) => opName(o) === 'Job')).toHaveLength(2));
    // Events it missed while the socket was down are in the stored log the reload brings.
    s.state.job = { ...s.state.job, events: [...job.events, { __typename: 'JobEvent', id: 'e7', level: 'info', message: 'Scored 70 of 100', progress: 70, createdAt: '2025-03-01T10:00:07.000Z' }] };
    s.step(7, 'running', 70, 'Scored 70 of 100', 'CURRENT');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Job events' })).getByText('Scored 70 of 100')).toBeTruthy());
    expect(progressOf('Job progress')).toBe('70');
  });
});
