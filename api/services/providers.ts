import { NotFoundError } from "@outreach/core";
import type { Db } from "@outreach/db";
import { PROVIDERS, providerModes, spendByCampaign, spendByProvider, type ProviderMode, type ProviderName } from "@outreach/providers";
import type { AppDeps } from "../context.ts";
import { findOwnedCampaign } from "./campaigns.ts";

export interface ProviderStatus {
  provider: ProviderName;
  mode: ProviderMode;
  healthy: boolean;
  lastError: string | null;
  lastCallAt: Date | null;
}

/**
 * Mode comes from configuration (credentials set or not); health from the caller's most recent
 * call to the provider and any unresolved alert about it.
 */
export async function providerStatuses(deps: Pick<AppDeps, "db" | "env">, userId: string): Promise<ProviderStatus[]> {
  const modes = providerModes(deps.env);
  const [lastCalls, openAlerts] = await Promise.all([
    Promise.all(
      PROVIDERS.map((provider) =>
        deps.db.providerCall.findFirst({ where: { userId, provider }, orderBy: { createdAt: "desc" } }),
      ),
    ),
    deps.db.alert.findMany({ where: { userId, resolvedAt: null, provider: { not: null } }, orderBy: { createdAt: "desc" } }),
  ]);
  return PROVIDERS.map((provider, i) => {
    const last = lastCalls[i];
    const alert = openAlerts.find((a) => a.provider === provider);
    const failed = last ? last.status !== "ok" : false;
    return {
      provider,
      mode: modes[provider],
      healthy: !alert && !failed,
      lastError: alert?.message ?? (failed ? `last call failed: ${last!.status}` : null),
      lastCallAt: last?.createdAt ?? null,
    };
  });
}

export async function campaignSpend(db: Db, userId: string, campaignId: string) {
  await findOwnedCampaign(db, userId, campaignId);
  return spendByCampaign(db, userId, campaignId);
}

export const userSpend = (db: Db, userId: string) => spendByProvider(db, userId);

export async function resolveAlert(db: Db, userId: string, alertId: string) {
  const alert = await db.alert.findFirst({ where: { id: alertId, userId } });
  if (!alert) throw new NotFoundError("Alert");
  return db.alert.update({ where: { id: alert.id }, data: { resolvedAt: alert.resolvedAt ?? new Date() } });
}
