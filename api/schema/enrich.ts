import { NotFoundError, ValidationError } from "@outreach/core";
import { ENRICH_COOLDOWN_MS } from "@outreach/core/enrich";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { enrichJobOf, MAX_ENRICH_SELECTION, requestEnrichment, type EnrichRequestResult, type ProspectEnrichRefusal } from "../services/enrich.ts";
import { JobNode } from "./job.ts";
import { ImportReportRef, ProspectNode } from "./prospect.ts";

builder.objectField(ProspectNode, "enrichJob", (t) =>
  t.field({
    type: JobNode,
    nullable: true,
    description: "The enrich job pending or running for this prospect; null when none is",
    resolve: async (p, _args, ctx) => (await enrichJobOf(ctx, p.id)) ?? null,
  }),
);

builder.objectField(ImportReportRef, "job", (t) =>
  t.field({
    type: JobNode,
    nullable: true,
    description: "The one job enriching and scoring the created prospects; null when none was created",
    resolve: (r) => r.job,
  }),
);

const EnrichRefusalRef = builder.objectRef<ProspectEnrichRefusal>("EnrichRefusal").implement({
  fields: (t) => ({
    prospectId: t.globalID({ resolve: (r) => ({ type: "Prospect", id: r.prospectId }) }),
    domain: t.exposeString("domain"),
    reason: t.exposeString("reason", { description: "Why it was not queued, in plain words" }),
    availableAt: t.expose("availableAt", { type: "DateTime", nullable: true, description: "When it can be enriched again; null when waiting does not help" }),
  }),
});

const EnrichProspectsResultRef = builder.objectRef<EnrichRequestResult>("EnrichProspectsResult").implement({
  fields: (t) => ({
    jobs: t.field({ type: [JobNode], description: "The jobs enriching the accepted prospects: the one queued now, and any already pending or running", resolve: (r) => r.jobs }),
    refused: t.field({ type: [EnrichRefusalRef], resolve: (r) => r.refused }),
  }),
});

builder.mutationField("enrichProspects", (t) =>
  t.field({
    type: EnrichProspectsResultRef,
    description:
      `Enrich and then score a selection of prospects of one campaign (at most ${MAX_ENRICH_SELECTION}). A prospect already in a pending or running ` +
      `enrich job is left to that job (it is among jobs); one enriched less than ${ENRICH_COOLDOWN_MS / 60_000} minutes ago, or past scoring, ` +
      "is refused with the reason; the rest are queued in one job.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { prospectIds: t.arg.globalIDList({ required: true, for: ProspectNode }) },
    resolve: (_root, { prospectIds }, ctx) => requestEnrichment(ctx, requireViewer(ctx).id, prospectIds.map((p) => p.id)),
  }),
);
