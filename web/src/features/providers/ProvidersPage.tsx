import { Card } from '../../ui';
import { AlertsList, ProviderHealth, SpendTable } from './ProviderWidgets';

export function ProvidersPage() {
  return (
    <div className="page">
      <div className="page-header"><div><h1>Providers &amp; spend</h1><p>Which providers are live or in sandbox mode, their health, what they cost across all campaigns, and the alerts that need you.</p></div></div>
      <Card title="Alerts"><AlertsList includeResolved /></Card>
      <div className="grid-2">
        <Card title="Provider health"><ProviderHealth /></Card>
        <Card title="Spend, all campaigns"><SpendTable campaignId={null} /></Card>
      </div>
    </div>
  );
}
