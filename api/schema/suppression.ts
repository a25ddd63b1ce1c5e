import { NotFoundError, ValidationError } from "@outreach/core";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { addManualSuppression, removeSuppression, suppressionWhere } from "../services/suppressions.ts";

const SuppressionReasonEnum = builder.enumType("SuppressionReason", {
  values: ["unsubscribed", "bounced", "complained", "manual"] as const,
});

export const SuppressionNode = builder.prismaNode("Suppression", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, userId: requireViewer(ctx).id }),
  fields: (t) => ({
    value: t.exposeString("value", { description: "An email, a domain, or *.domain (the domain and all its subdomains)" }),
    reason: t.expose("reason", { type: SuppressionReasonEnum }),
    note: t.exposeString("note", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("suppressions", (t) =>
  t.prismaConnection(
    {
      type: "Suppression",
      cursor: "id",
      defaultSize: 50,
      maxSize: 100,
      authScopes: { user: true },
      args: { search: t.arg.string() },
      resolve: (query, _root, { search }, ctx) =>
        ctx.db.suppression.findMany({
          ...query,
          where: suppressionWhere(requireViewer(ctx).id, search),
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        }),
      totalCount: (_parent, { search }, ctx) => ctx.db.suppression.count({ where: suppressionWhere(requireViewer(ctx).id, search) }),
    },
    { name: "SuppressionConnection" },
  ),
);

builder.mutationFields((t) => ({
  addSuppression: t.field({
    type: SuppressionNode,
    description: "Never contact this email, domain or *.domain again (checked before every send).",
    authScopes: { user: true },
    errors: { types: [ValidationError] },
    args: { value: t.arg.string({ required: true }), note: t.arg.string() },
    resolve: (_root, { value, note }, ctx) => addManualSuppression(ctx.db, requireViewer(ctx).id, { value, note: note ?? undefined }),
  }),
  removeSuppression: t.field({
    type: SuppressionNode,
    authScopes: { user: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ required: true, for: SuppressionNode }) },
    resolve: (_root, { id }, ctx) => removeSuppression(ctx.db, requireViewer(ctx).id, id.id),
  }),
}));
