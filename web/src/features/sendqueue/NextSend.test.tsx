import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { NextSend, OVERDUE_RECHECK_MS } from './NextSend';
import { formatCountdown } from '../../lib/format';

// 01:39:55 UTC is 10:39:55 in Tokyo; the next email is planned for 10:42:00 there.
const NOW = new Date('2025-03-04T01:39:55.000Z');
const NEXT = '2025-03-04T01:42:00.000Z';

const line = () => screen.getByRole('status').textContent;
const countdown = () => screen.getByRole('timer').textContent;
const tick = (ms: number) => act(() => { vi.advanceTimersByTime(ms); });

beforeEach(() => { vi.useFakeTimers({ now: NOW }); });
afterEach(() => { vi.useRealTimers(); });

describe('NextSend', () => {
  it('says when the next email goes, in the campaign time zone, and counts down every second', () => {
    render(<NextSend nextSendAt={NEXT} timeZone="Asia/Tokyo" />);
    expect(line()).toBe('Next email at 10:42 (Asia/Tokyo)');
    expect(countdown()).toBe('in 2 min 05 s');
    tick(1000);
    expect(countdown()).toBe('in 2 min 04 s');
    tick(64_000);
    expect(countdown()).toBe('in 1 min 00 s');
    tick(1000);
    expect(countdown()).toBe('in 59 s');
  });

  it('reads "sending now" when the time comes, and asks again then and every 15 s while it stays due', () => {
    const onDue = vi.fn();
    render(<NextSend nextSendAt={NEXT} timeZone="Asia/Tokyo" onDue={onDue} />);
    tick(124_000);
    expect(countdown()).toBe('in 1 s');
    expect(onDue).not.toHaveBeenCalled();
    tick(1000);
    expect(countdown()).toBe('sending now');
    expect(onDue).toHaveBeenCalledTimes(1);
    tick(OVERDUE_RECHECK_MS - 1000);
    expect(onDue).toHaveBeenCalledTimes(1);
    tick(1000);
    expect(onDue).toHaveBeenCalledTimes(2);
  });

  it('does not ask again at once when the answer is itself due (an email on its way is planned "now")', () => {
    const onDue = vi.fn();
    const { rerender } = render(<NextSend nextSendAt={NEXT} timeZone="UTC" onDue={onDue} />);
    tick(125_000);
    expect(onDue).toHaveBeenCalledTimes(1);
    // The refetch answers with the send planned at the server's "now": still due, a new value.
    rerender(<NextSend nextSendAt={new Date(Date.now() - 200).toISOString()} timeZone="UTC" onDue={onDue} sending />);
    tick(3000);
    expect(countdown()).toBe('sending now');
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('shows "sending now" while the next email is on its way, whatever the clock says', () => {
    render(<NextSend nextSendAt={NEXT} timeZone="UTC" sending />);
    expect(line()).toBe('Next email at 01:42 (UTC)');
    expect(countdown()).toBe('sending now');
  });

  it('says nothing is queued when nothing is planned, with no countdown', () => {
    const onDue = vi.fn();
    render(<NextSend nextSendAt={null} timeZone="Asia/Tokyo" onDue={onDue} />);
    expect(line()).toBe('Nothing queued');
    expect(screen.queryByRole('timer')).toBeNull();
    tick(60_000);
    expect(onDue).not.toHaveBeenCalled();
  });

  it('names the day when the next email is not today in the campaign time zone', () => {
    render(<NextSend nextSendAt="2025-03-05T00:30:00.000Z" timeZone="Europe/London" />);
    expect(line()).toBe('Next email at Wed, Mar 5, 00:30 (Europe/London)');
    expect(countdown()).toBe('in 22 h 50 min');
  });

  it('follows a new plan: the line and countdown change when the time does', () => {
    const { rerender } = render(<NextSend nextSendAt={NEXT} timeZone="UTC" />);
    rerender(<NextSend nextSendAt="2025-03-04T01:40:05.000Z" timeZone="UTC" />);
    expect(line()).toBe('Next email at 01:40 (UTC)');
    expect(countdown()).toBe('in 10 s');
    rerender(<NextSend nextSendAt={null} timeZone="UTC" />);
    expect(line()).toBe('Nothing queued');
  });
});

describe('formatCountdown', () => {
  it('reads like a countdown at every scale', () => {
    expect(formatCountdown(42_000)).toBe('42 s');
    expect(formatCountdown(41_200)).toBe('42 s');
    expect(formatCountdown(125_000)).toBe('2 min 05 s');
    expect(formatCountdown(3 * 3600_000 + 7 * 60_000)).toBe('3 h 07 min');
    expect(formatCountdown(2 * 86_400_000 + 4 * 3600_000)).toBe('2 d 4 h');
    expect(formatCountdown(-5000)).toBe('0 s');
  });
});
