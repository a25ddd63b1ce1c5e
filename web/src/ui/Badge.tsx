import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return <span className={`badge${tone === 'neutral' ? '' : ` badge-${tone}`}`} title={title}>{children}</span>;
}

/** The colour of a prospect stage, the same on the board, the table and the prospect page. */
export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge badge-${stage}`}>{stage}</span>;
}

const statusTone: Record<string, Tone> = {
  pending: 'neutral', running: 'info', completed: 'ok', failed: 'danger', cancelled: 'warn',
  sent: 'info', replied: 'warn', accepted: 'ok', rejected: 'danger',
  draft: 'neutral', approved: 'info', sending: 'info', bounced: 'danger',
  active: 'ok', paused: 'warn', info: 'info', warn: 'warn', error: 'danger',
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone[status] ?? 'neutral'}>{status}</Badge>;
}
