import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from "graphql";
import { seedMailbox } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../rest/routes.ts";
import { schema } from "../../schema/index.ts";
import { startIsolatedApi, wsClient } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

/**
 * Cross-user access, generated from the schema: every root field (query, mutation, subscription)
 * that takes an ID anywhere in its arguments is called by user B with each of user A's ids, and
 * every REST route with A's ids. A field added without owner scoping makes this file fail.
 */

const MARK = "victimmark";
const SPEND_MARK = "4242.42";
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let victim: Awaited<ReturnType<typeof signUp>>;
let attacker: Awaited<ReturnType<typeof signUp>>;
/** A's ids by GraphQL type name (global ids) and raw UUIDs. */
const victimIds: Record<string, string> = {};
const victimRaw: Record<string, string> = {};

async function snapshot() {
  const userId = victimRaw.User!;
  const [campaigns, prospects, emailLogs, jobs, suppressions, alerts, mailboxes] = await Promise.all([
    api.db.campaign.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    api.db.prospect.findMany({ where: { campaign: { userId } }, orderBy: { id: "asc" } }),
    api.db.emailLog.findMany({ where: { prospect: { campaign: { userId } } }, orderBy: { id: "asc" } }),
    api.db.job.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    api.db.suppression.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    api.db.alert.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    api.db.mailbox.findMany({ where: { userId }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ campaigns, prospects, emailLogs, jobs, suppressions, alerts, mailboxes });
}
let before: string;

beforeAll(async () => {
  api = await startIsolatedApi("sec-access");
  victim = await signUp(api, "Victim");
  attacker = await signUp(api, "Attacker");
  await createCampaign(api, attacker.token, { name: "Attacker own" });
  const userId = rawId(victim.userId);
  const mailbox = await seedMailbox(api.db, userId, { address: `${MARK}@gmail.example`, data: { displayName: `${MARK} mailbox` } });
  const campaign = await createCampaign(api, victim.token, { name: `${MARK} campaign`, fromName: `${MARK} sender` });
  const campaignId = rawId(campaign.id);
  const prospect = await api.db.prospect.create({
    data: {
      campaignId,
      domain: `${MARK}-site.example`,
      pageTitle: `${MARK} title`,
      pageDescription: `${MARK} description`,
      contactEmail: `editor@${MARK}-site.example`,
      stage: "drafted",
      score: 80,
      emailLogs: { create: [{ step: 0, subject: `${MARK} subject`, body: `${MARK} body`, status: "approved", approvedAt: new Date() }] },
    },
    include: { emailLogs: true },
  });
  const job = await api.db.job.create({
    data: { userId, campaignId, jobType: "score", status: "failed", errorMessage: `${MARK} error`, events: { create: [{ message: `${MARK} event` }] } },
  });
  const suppression = await api.db.suppression.create({ data: { userId, value: `${MARK}@example.org`, reason: "manual", note: `${MARK} note` } });
  const alert = await api.db.alert.create({ data: { userId, campaignId, kind: "gmail_revoked", message: `${MARK} alert` } });
  await api.db.providerCall.create({ data: { userId, campaignId, jobId: job.id, provider: "gemini", operation: "compose", status: "ok", cost: 4242.4242 } });
  const placement = await api.db.placement.create({
    data: { prospectId: prospect.id, campaignId, url: `https://${MARK}-site.example/features/a`, site: `${MARK}-site.example`, title: `${MARK} feature`, match: "links_to_portfolio", source: "watch", rel: "follow", anchorText: `${MARK} anchor`, excerpt: `${MARK} excerpt` },
  });
  Object.assign(victimRaw, {
    User: userId,
    Campaign: campaignId,
    Prospect: prospect.id,
    EmailLog: prospect.emailLogs[0]!.id,
    Job: job.id,
    Suppression: suppression.id,
    Alert: alert.id,
    Mailbox: mailbox.id,
    Placement: placement.id,
  });
  for (const [type, id] of Object.entries(victimRaw)) victimIds[type] = globalId(type, id);
  before = await snapshot();
});
afterAll(() => api?.stop());

// ---- building an operation for any root field --------------------------------------------------

function defaultFor(name: string, type: GraphQLInputType, idValue: string, depth = 0): { value: unknown; hasId: boolean } | undefined {
  const nonNull = isNonNullType(type);
  const inner = nonNull ? type.ofType : type;
  if (isListType(inner)) {
    const item = defaultFor(name, inner.ofType, idValue, depth);
    if (!item) return nonNull ? { value: [], hasId: false } : undefined;
    return { value: [item.value], hasId: item.hasId };
  }
  const named = getNamedType(inner);
  if (named.name === "ID") return { value: idValue, hasId: true };
  if (isInputObjectType(named)) {
    if (depth > 4) return undefined;
    const value: Record<string, unknown> = {};
    let hasId = false;
    for (const field of Object.values(named.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      const v = defaultFor(field.name, field.type, idValue, depth + 1);
      if (v && (required || v.hasId)) {
        value[field.name] = v.value;
        hasId ||= v.hasId;
      }
    }
    if (!nonNull && !hasId) return undefined;
    return { value, hasId };
  }
  if (!nonNull) return undefined;
  if (isEnumType(named)) return { value: named.getValues()[0]!.value, hasId: false };
  const strings: Record<string, string> = {
    domain: "attack-probe.example",
    domainOrUrl: "attack-probe.example",
    keyword: "ceramics",
    value: "attack-probe@example.org",
    csv: "domain\nattack-probe.example",
    email: "attack-probe@example.org",
  };
  switch (named.name) {
    case "String":
      return { value: strings[name] ?? "attack probe", hasId: false };
    case "Int":
    case "Float":
      return { value: 1, hasId: false };
    case "Boolean":
      return { value: false, hasId: false };
    case "DateTime":
      return { value: new Date().toISOString(), hasId: false };
    default:
      return { value: {}, hasId: false };
  }
}

function typeRef(type: GraphQLInputType): string {
  return type.toString();
}

/**
 * Every field a client could ask for, a few levels deep. In fragments of a union or interface, a
 * field name two possible types give different types is left out (it would not validate).
 */
function selection(type: GraphQLOutputType, depth: number, skip: Set<string> = new Set()): string {
  const named = getNamedType(type) as GraphQLNamedType;
  if (isScalarType(named) || isEnumType(named)) return "";
  if (depth > 3) return "{ __typename }";
  if (isUnionType(named) || isInterfaceType(named)) {
    const possible = schema.getPossibleTypes(named);
    const typesByName = new Map<string, Set<string>>();
    for (const t of possible) {
      for (const f of Object.values(t.getFields())) typesByName.set(f.name, (typesByName.get(f.name) ?? new Set()).add(f.type.toString()));
    }
    const conflicting = new Set([...typesByName].filter(([, types]) => types.size > 1).map(([n]) => n));
    return `{ __typename ${possible.map((t) => `... on ${t.name} ${selection(t, depth + 1, conflicting)}`).join(" ")} }`;
  }
  const obj = named as GraphQLObjectType;
  const parts = ["__typename"];
  for (const field of Object.values(obj.getFields())) {
    if (skip.has(field.name)) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const fieldNamed = getNamedType(field.type);
    if (isScalarType(fieldNamed) || isEnumType(fieldNamed)) parts.push(field.name);
    else if (depth < 3) parts.push(`${field.name} ${selection(field.type, depth + 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

interface Probe {
  kind: "query" | "mutation" | "subscription";
  field: string;
  document: string;
  variables: Record<string, unknown>;
}

function probeFor(kind: Probe["kind"], field: GraphQLField<unknown, unknown>, idValue: string): Probe | null {
  const defs: string[] = [];
  const uses: string[] = [];
  const variables: Record<string, unknown> = {};
  let hasId = false;
  for (const arg of field.args) {
    const v = defaultFor(arg.name, arg.type, idValue);
    if (!v) continue;
    hasId ||= v.hasId;
    defs.push(`$${arg.name}: ${typeRef(arg.type)}`);
    uses.push(`${arg.name}: $${arg.name}`);
    variables[arg.name] = v.value;
  }
  if (!hasId) return null;
  const sel = selection(field.type, 1);
  const document = `${kind}${defs.length ? `(${defs.join(", ")})` : ""} { ${field.name}${uses.length ? `(${uses.join(", ")})` : ""} ${sel} }`;
  return { kind, field: field.name, document, variables };
}

const roots = [
  ["query", schema.getQueryType()],
  ["mutation", schema.getMutationType()],
  ["subscription", schema.getSubscriptionType()],
] as const;

const idFields = roots.flatMap(([kind, type]) =>
  Object.values(type?.getFields() ?? {})
    .filter((f) => probeFor(kind, f, "x"))
    .map((f) => [kind, f.name] as const),
);

const fieldOf = (kind: string, name: string) => roots.find(([k]) => k === kind)![1]!.getFields()[name]!;

async function subscribeOnce(query: string, variables: Record<string, unknown>) {
  const client = wsClient(api.url, attacker.token);
  const outcome = await new Promise<unknown>((resolve) => {
    const timer = setTimeout(() => resolve({ timeout: true }), 5000);
    client.subscribe(
      { query, variables },
      {
        next: (v) => (clearTimeout(timer), resolve(v)),
        error: (e) => (clearTimeout(timer), resolve({ errors: Array.isArray(e) ? e : [e] })),
        complete: () => (clearTimeout(timer), resolve("complete")),
      },
    );
  });
  await client.dispose();
  return outcome;
}

type Outcome = "not_found" | "refused" | "success";

/** not_found: NOT_FOUND error, NotFoundError result or null; refused: another error; success: data. */
function classify(kind: Probe["kind"], field: string, res: any): Outcome {
  const value = res?.data?.[field];
  const codes = (res?.errors ?? []).map((e: any) => e?.extensions?.code);
  if (value && typeof value === "object" && typeof value.__typename === "string") {
    if (value.__typename === "NotFoundError") return "not_found";
    if (/Error$/.test(value.__typename)) return "refused";
    return "success";
  }
  if (value != null) return "success";
  if (codes.includes("NOT_FOUND")) return "not_found";
  if (codes.length) return "refused";
  return kind === "query" ? "not_found" : "refused"; // node(id): null
}

describe("every root field with an ID argument, called by B with A's ids", () => {
  it("[access] the schema has root fields with ID arguments to attack (the list is generated)", () => {
    expect(idFields.length).toBeGreaterThanOrEqual(25);
    expect(idFields.map(([, f]) => f)).toEqual(expect.arrayContaining(["campaign", "updateDraft", "prospectUpdated", "removeSuppression"]));
  });

  it.each(idFields)("[access] %s %s with another user's ids: not found, no data", async (kind, name) => {
    const outcomes: Record<string, Outcome> = {};
    for (const [type, id] of Object.entries(victimIds)) {
      const probe = probeFor(kind, fieldOf(kind, name), id)!;
      const res: any =
        kind === "subscription"
          ? await subscribeOnce(probe.document, probe.variables)
          : await api.gql(probe.document, probe.variables, attacker.token);
      const text = JSON.stringify(res).toLowerCase();
      expect(text, `${name} with ${type} id leaked A's data`).not.toContain(MARK);
      expect(text, `${name} with ${type} id leaked A's spend`).not.toContain(SPEND_MARK);
      for (const raw of Object.values(victimRaw)) {
        if (!JSON.stringify(probe.variables).includes(raw)) expect(text, `${name} leaked an id of A`).not.toContain(raw);
      }
      expect(JSON.stringify(res)).not.toMatch(/"timeout":true/);
      // A probe the server could not even validate would prove nothing.
      expect(JSON.stringify(res), `${name}: the generated operation is invalid`).not.toMatch(/GRAPHQL_VALIDATION_FAILED|GRAPHQL_PARSE_FAILED|Cannot query field|Unknown argument|cost limit|depth limit/i);
      outcomes[type] = classify(kind, name, res);
      if (kind !== "query") expect(outcomes[type], `${kind} ${name} with A's ${type} id`).not.toBe("success");
    }
    // At least one of A's ids is of the right type: that one must look exactly like a missing id.
    const notFound = Object.values(outcomes).filter((o) => o === "not_found");
    if (kind !== "query" || Object.values(outcomes).every((o) => o !== "success")) {
      expect(notFound.length, `${kind} ${name}: ${JSON.stringify(outcomes)}`).toBeGreaterThan(0);
    }
  });

  it("[access] node(id) answers for A's records exactly as for ids that do not exist", async () => {
    for (const [type, id] of Object.entries(victimIds)) {
      const query = `query($id: ID!) { node(id: $id) { id } }`;
      const theirs = await api.gql(query, { id }, attacker.token);
      const none = await api.gql(query, { id: globalId(type, "6f1c3c1e-0000-4000-8000-000000000000") }, attacker.token);
      expect(theirs.data?.node ?? null, type).toBeNull();
      expect(theirs, type).toEqual(none);
      expect(JSON.stringify(theirs), type).not.toContain("INTERNAL_SERVER_ERROR");
    }
  });

  it("[access] A's records are unchanged after all of B's attempts", async () => {
    expect(await snapshot()).toBe(before);
  });
});

describe("lists and fields without an ID argument", () => {
  it("[access] every root query without an ID argument shows B none of A's data", async () => {
    const fields = Object.values(schema.getQueryType()!.getFields()).filter(
      (f) => !probeFor("query", f, "x") && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined),
    );
    expect(fields.length).toBeGreaterThanOrEqual(5);
    for (const field of fields) {
      const args = field.args.some((a) => a.name === "includeResolved") ? "(includeResolved: true)" : "";
      const res = await api.gql(`{ ${field.name}${args} ${selection(field.type, 1)} }`, {}, attacker.token);
      expect(res.errors, field.name).toBeUndefined();
      const text = JSON.stringify(res).toLowerCase();
      expect(text, field.name).not.toContain(MARK);
      expect(text, field.name).not.toContain(SPEND_MARK);
      for (const raw of Object.values(victimRaw).slice(1)) expect(text, field.name).not.toContain(raw);
    }
  });

  it("[access] searching B's lists for A's values finds nothing", async () => {
    const res = await api.gql(
      `{ prospects(filter: { search: "${MARK}" }) { totalCount } suppressions(search: "${MARK}") { totalCount } }`,
      {},
      attacker.token,
    );
    expect(res.data).toEqual({ prospects: { totalCount: 0 }, suppressions: { totalCount: 0 } });
  });
});

describe("REST routes with A's ids", () => {
  const rest = (method: string, path: string, body?: unknown) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${attacker.token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it("[access] every REST route is covered by this test", () => {
    const covered = ["POST /api/jobs/discover", "GET /api/jobs/:id/status", "GET /api/jobs", "GET /api/prospects", "GET /api/prospects/:id", "POST /api/prospects/:id/compose", "POST /api/prospects/:id/send", "POST /api/prospects/:id/enrich", "GET /api/placements"];
    expect(ROUTES.map((r) => `${r.method} ${r.pattern.source.replace(/\\\//g, "/").replace(/^\^|\$$/g, "").replace("(?<id>[^/]+)", ":id")}`).sort()).toEqual(covered.sort());
  });

  it.each([
    ["POST", "/api/jobs/discover", () => ({ campaignId: victimRaw.Campaign })],
    ["GET", "/api/jobs/:Job/status", undefined],
    ["GET", "/api/prospects/:Prospect", undefined],
    ["POST", "/api/prospects/:Prospect/compose", () => ({})],
    ["POST", "/api/prospects/:Prospect/send", () => ({})],
    ["POST", "/api/prospects/:Prospect/enrich", () => ({})],
  ] as const)("[access] REST %s %s with A's id answers 404", async (method, template, body) => {
    const path = template.replace(/:(\w+)/, (_, type: string) => victimRaw[type]!);
    const res = await rest(method, path, body?.());
    expect(res.status).toBe(404);
    const text = (await res.text()).toLowerCase();
    expect(text).not.toContain(MARK);
  });

  it.each([["/api/jobs"], ["/api/prospects"], ["/api/placements"]])("[access] REST GET %s filtered by A's campaign lists nothing", async (path) => {
    const res = await rest("GET", `${path}?campaignId=${victimRaw.Campaign}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.jobs ?? body.prospects ?? body.placements).toEqual([]);
    expect(JSON.stringify(body).toLowerCase()).not.toContain(MARK);
  });

  it("[access] A's records are unchanged after B's REST attempts", async () => {
    expect(await snapshot()).toBe(before);
  });
});
