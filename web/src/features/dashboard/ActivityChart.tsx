// Sends, replies and acceptances per day as a hand-drawn SVG bar chart (no chart library: three
// series of at most a few dozen points do not justify one).
import { useLayoutEffect, useRef, useState } from 'react';

export type DayPoint = { day: string; sent: number; replied: number; accepted: number };

const SERIES = [
  { key: 'sent', label: 'Sent', color: 'var(--accent)' },
  { key: 'replied', label: 'Replies', color: 'var(--warn)' },
  { key: 'accepted', label: 'Accepted', color: 'var(--ok)' },
] as const;

function shortDay(day: string) {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The element's width in CSS pixels, kept current: the chart draws at its real size so 12 is 12 px. */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => { if (el.clientWidth > 0) setWidth(el.clientWidth); };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

export function ActivityChart({ days }: { days: ReadonlyArray<DayPoint> }) {
  const { ref, width } = useWidth<HTMLElement>(380);
  const W = Math.max(240, width), H = 190, L = 28, R = 6, T = 8, B = 24;
  const totals = Object.fromEntries(SERIES.map((s) => [s.key, days.reduce((n, d) => n + d[s.key], 0)])) as Record<(typeof SERIES)[number]['key'], number>;
  const max = Math.max(1, ...days.flatMap((d) => SERIES.map((s) => d[s.key])));
  const niceMax = max <= 4 ? max : Math.ceil(max / 4) * 4;
  // A slot per day, three thin bars in it (sent, replies, accepted): equal values stay visible side by side.
  const slot = (W - L - R) / Math.max(1, days.length);
  const barW = Math.max(1, (slot * 0.84) / SERIES.length);
  const x = (i: number) => L + slot * i + slot / 2;
  const y = (v: number) => T + (H - T - B) * (1 - v / niceMax);
  const ticks = Array.from(new Set([0, niceMax / 4, niceMax / 2, (3 * niceMax) / 4, niceMax].map((v) => Math.round(v))));
  const labelEvery = Math.max(1, Math.ceil(days.length / 5));
  // Periodic date labels, plus the last day; none so close to the last that they would overlap it.
  const labelled = (i: number) => i === days.length - 1 || (i % labelEvery === 0 && days.length - 1 - i >= labelEvery);
  const summary = `Last ${days.length} days: ${totals.sent} sent, ${totals.replied} replies, ${totals.accepted} accepted`;
  return (
    <figure ref={ref} className="activity" style={{ margin: 0 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={L} x2={W - R} y1={y(t)} y2={y(t)} stroke="var(--border)" strokeWidth={1} />
            <text x={L - 6} y={y(t) + 4} fontSize="12" textAnchor="end" fill="var(--text-3)">{t}</text>
          </g>
        ))}
        {days.map((d, i) => (labelled(i) ? (
          <text key={d.day} x={i === 0 ? L : i === days.length - 1 ? W - R : x(i)} y={H - 6} fontSize="12" textAnchor={i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'} fill="var(--text-3)">{shortDay(d.day)}</text>
        ) : null))}
        {days.map((d, i) => (
          <g key={d.day}>
            {SERIES.map((s, j) => (d[s.key] > 0 ? (
              <rect key={s.key} x={L + slot * i + slot * 0.08 + barW * j} y={y(d[s.key])} width={barW} height={y(0) - y(d[s.key])} fill={s.color} rx={1}>
                <title>{`${shortDay(d.day)}: ${d[s.key]} ${s.label.toLowerCase()}`}</title>
              </rect>
            ) : null))}
          </g>
        ))}
      </svg>
      <figcaption className="row small">
        {SERIES.map((s) => (
          <span key={s.key} className="row" style={{ gap: 6 }}><span aria-hidden="true" style={{ width: 12, height: 3, background: s.color, display: 'inline-block', borderRadius: 2 }} />{s.label} <strong>{totals[s.key]}</strong></span>
        ))}
        <span className="muted">{totals.sent ? `${Math.round((100 * totals.replied) / totals.sent)}% reply rate` : ''}</span>
      </figcaption>
    </figure>
  );
}
