import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../../lib/router';
import { Banner, Button } from '../../ui';
import { useConnectGmail } from './connect';

export const CampaignMailboxQuery = graphql(`
  query CampaignMailbox($id: ID!) {
    campaign(id: $id) { id sendsFrom mailbox { id address status statusReason } }
  }
`);

/**
 * At the top of a campaign's pages when it cannot send: no mailbox, or its mailbox is not connected.
 * Silent while loading, on error, and when the mailbox is connected.
 */
export function CampaignMailboxNotice({ campaignId }: { campaignId: string }) {
  const [{ data }] = useQuery({ query: CampaignMailboxQuery, variables: { id: campaignId } });
  const connect = useConnectGmail();
  const c = data?.campaign;
  if (!c) return null;
  const toMailboxes = <Link className="btn btn-sm" to="/settings/mailboxes">Settings → Mailboxes</Link>;
  if (!c.mailbox) {
    return (
      <Banner tone="danger" title="Nothing is sent: this campaign has no connected Gmail mailbox. " action={toMailboxes}>
        Connect one in Settings → Mailboxes, or choose one under “Send from” in the campaign’s settings.
      </Banner>
    );
  }
  const m = c.mailbox;
  if (m.status === 'connected') return null;
  const busy = connect.startingFor !== null;
  if (m.status === 'needs_reconnect') {
    return (
      <Banner tone="danger" title={`${m.address} needs reconnecting. `}
        action={<div className="row"><Button size="sm" variant="primary" loading={busy} onClick={() => void connect.start(m.id)}>Reconnect</Button>{toMailboxes}</div>}>
        Nothing is sent from this campaign until it is reconnected{m.statusReason ? ` (${m.statusReason})` : ''}.
        {connect.error ? <> {connect.error}</> : null}
      </Banner>
    );
  }
  return (
    <Banner tone="danger" title={`Nothing is sent: ${m.address} was disconnected. `}
      action={<div className="row"><Button size="sm" loading={busy} onClick={() => void connect.start(m.id)}>Connect again</Button>{toMailboxes}</div>}>
      Connect it again, or choose another mailbox under “Send from” in the campaign’s settings.
      {connect.error ? <> {connect.error}</> : null}
    </Banner>
  );
}
