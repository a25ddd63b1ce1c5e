import { AuthenticationError, ConflictError, ValidationError } from "@outreach/core";
import { builder } from "../builder.ts";
import { logIn, signUp, type AuthResult } from "../services/auth.ts";

export const UserNode = builder.prismaNode("User", {
  id: { field: "id" },
  findUnique: (id, ctx) => (ctx.viewer?.id === id ? { id } : { id: "00000000-0000-0000-0000-000000000000" }),
  fields: (t) => ({
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const AuthPayload = builder.objectRef<AuthResult>("AuthPayload").implement({
  fields: (t) => ({
    token: t.exposeString("token"),
    user: t.field({ type: UserNode, resolve: (r) => r.user }),
  }),
});

const SignUpInput = builder.inputType("SignUpInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    name: t.string({ required: true }),
  }),
});

const LogInInput = builder.inputType("LogInInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

builder.queryField("me", (t) =>
  t.prismaField({
    type: "User",
    nullable: true,
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? ctx.db.user.findUnique({ ...query, where: { id: ctx.viewer.id } }) : null,
  }),
);

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayload,
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    errors: { types: [ValidationError, ConflictError] },
    resolve: (_root, { input }, ctx) => signUp(ctx, input),
  }),
  logIn: t.field({
    type: AuthPayload,
    args: { input: t.arg({ type: LogInInput, required: true }) },
    errors: { types: [ValidationError, AuthenticationError] },
    resolve: (_root, { input }, ctx) => logIn(ctx, input),
  }),
}));
