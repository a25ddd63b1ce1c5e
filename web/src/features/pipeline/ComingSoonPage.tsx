import { Card, EmptyState } from '../../ui';

/** A screen whose API is not there yet: the route, title and explanation exist so navigation is complete. */
export function ComingSoonPage({ title, intro, needs }: { title: string; intro: string; needs: string[] }) {
  return (
    <div className="page">
      <div className="page-header"><div><h1>{title}</h1><p>{intro}</p></div></div>
      <Card>
        <EmptyState icon="⚙" title="Not in the web app yet">
          Until this screen is built, use the GraphQL API (GraphiQL at /graphql): {needs.join(', ')}.
        </EmptyState>
      </Card>
    </div>
  );
}

export const pipelineScreens = {
  discovery: { title: 'Start discovery', intro: 'Search for sites with the campaign’s keywords, location and depth.', needs: ['Mutation.startDiscovery'] },
  drafts: { title: 'Drafts & review', intro: 'Read, edit and approve drafted emails before they go out.', needs: ['Query.emailLogs', 'Mutation.composeDrafts, updateDraft, regenerateDraft, approveDraft, autoApproveDrafts, sendEmail'] },
  'send-queue': { title: 'Send queue', intro: 'What goes out next, when, and why anything is held back.', needs: ['Query.sendQueue'] },
  'test-tools': { title: 'Test tools', intro: 'Dry-run the pipeline on a test domain and send a test email to yourself.', needs: ['Mutation.dryRun', 'a test email to yourself (no sendTestEmail mutation in the API yet)'] },
  suppressions: { title: 'Suppression list', intro: 'Addresses and domains that must never be written to.', needs: ['Query.suppressions', 'Mutation.addSuppression, removeSuppression'] },
} as const;
