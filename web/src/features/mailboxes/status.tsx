import { Badge, type Tone } from '../../ui';

export const MAILBOX_STATUS: Record<string, { label: string; tone: Tone }> = {
  connected: { label: 'Connected', tone: 'ok' },
  needs_reconnect: { label: 'Needs reconnect', tone: 'danger' },
  disconnected: { label: 'Disconnected', tone: 'neutral' },
};

export function MailboxStatusBadge({ status }: { status: string }) {
  const s = MAILBOX_STATUS[status] ?? { label: status.replace(/_/g, ' '), tone: 'neutral' as Tone };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
