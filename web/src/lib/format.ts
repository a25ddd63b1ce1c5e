export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : String(Math.round(score));
}

export const STAGES = ['discovered', 'enriched', 'scored', 'drafted', 'approved', 'sent', 'replied', 'accepted', 'published', 'rejected', 'skipped'] as const;
export const OUTREACH_STATUSES = ['pending', 'sent', 'replied', 'accepted', 'rejected'] as const;

const USD = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** Provider spend in US dollars: "$0.0006", "$1.20" (sub-cent costs keep up to four decimals). */
export function formatUsd(amount: number): string {
  return USD.format(amount);
}

/** Intl formatter for `timeZone`, or for the browser's own zone when the name is not one Intl knows. */
function zoned(options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  try { return new Intl.DateTimeFormat(undefined, { ...options, timeZone }); } catch { return new Intl.DateTimeFormat(undefined, options); }
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const CLOCK_SECONDS: Intl.DateTimeFormatOptions = { ...CLOCK, second: '2-digit' };
const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };

/**
 * A send time as the campaign sees it: "10:42" on a 24-hour clock in `timeZone`, with the day in
 * front ("Tue, Mar 4, 09:00") when it is not today in that zone; `seconds` adds them ("10:42:05").
 */
export function formatClockIn(iso: string | null | undefined, timeZone: string, now: Date = new Date(), opts: { seconds?: boolean } = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const day = zoned(DAY, timeZone);
  const clock = zoned(opts.seconds ? CLOCK_SECONDS : CLOCK, timeZone).format(d);
  return day.format(d) === day.format(now) ? clock : `${day.format(d)}, ${clock}`;
}

/** Time left, as a countdown reads: "42 s", "2 min 05 s", "3 h 07 min", "2 d 4 h". */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** "1 entry", "2 entries", "0 drafts": the count with the noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
