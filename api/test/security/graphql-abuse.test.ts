import { randomBytes } from "node:crypto";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS, MAX_BODY_BYTES } from "../../yoga.ts";
import WebSocket from "ws";
import { deleteRedisPrefix } from "@outreach/testkit";
import { CSRF_HEADER, startApi, startIsolatedApi, testEnv, wsClient, type TestApi } from "@outreach/testkit/api";
import { createCampaign, signUp } from "@outreach/testkit/gql";

/**
 * GraphQL abuse: every attack here must be refused before any resolver runs (no SQL statement),
 * with a clear error and no internals in the answer.
 */

let statements = 0;
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let prod: TestApi;
let prodPrefix: string;
let token: string;

beforeAll(async () => {
  api = await startIsolatedApi("sec-graphql", { onQuery: () => statements++ });
  token = (await signUp(api, "Abuse")).token;
  prodPrefix = `test-${randomUUID()}`;
  prod = await startApi(testEnv(api.env.DATABASE_URL, prodPrefix, { NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: randomBytes(32).toString("base64") }));
});
afterAll(async () => {
  await prod?.stop();
  await deleteRedisPrefix(prodPrefix);
  await api?.stop();
});

async function run(query: string, variables: Record<string, unknown> = {}) {
  statements = 0;
  const res = await api.gql(query, variables, token);
  return { res, executed: statements > 0, text: JSON.stringify(res) };
}

const post = (url: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${url}/graphql`, { method: "POST", headers: { ...headers, authorization: `Bearer ${token}` }, body });

describe("query shape limits", () => {
  it("[graphql] a query deeper than the depth limit is refused before execution", async () => {
    let selection = "id";
    for (let i = 0; i < LIMITS.maxDepth + 1; i++) selection = `parent { ${selection} }`;
    const { res, executed } = await run(`{ jobs(first: 1) { edges { node { ${selection} } } } }`);
    expect(res.errors?.map((e) => e.message).join(" ")).toMatch(/depth/i);
    expect(executed).toBe(false);
  });

  it("[graphql] a query with more aliases than allowed is refused before execution", async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: campaigns(first: 100) { totalCount }`).join(" ");
    const { res, executed } = await run(`{ ${aliases} }`);
    expect(res.errors?.map((e) => e.message).join(" ")).toMatch(/alias/i);
    expect(executed).toBe(false);
  });

  it("[graphql] a query with more directives than allowed is refused before execution", async () => {
    const directives = Array.from({ length: LIMITS.maxDirectives + 30 }, () => "@include(if: true)").join(" ");
    const { res, executed } = await run(`{ me { id ${directives} } }`);
    expect(res.errors?.map((e) => e.message).join(" ")).toMatch(/directive/i);
    expect(executed).toBe(false);
  });

  it("[graphql] a query with more tokens than allowed is refused before execution", async () => {
    const fields = Array.from({ length: LIMITS.maxTokens * 2 }, () => "id").join(" ");
    const { res, executed } = await run(`{ me { ${fields} } }`);
    expect(res.errors?.[0]?.message).toMatch(/token/i);
    expect(executed).toBe(false);
  });

  it("[graphql] a wide query whose cost is over the limit is refused before execution", async () => {
    const wide = Array.from(
      { length: 14 },
      (_, i) => `c${i}: campaigns(first: 100) { edges { node { id prospects: stageCounts { stage count } } } }`,
    ).join(" ");
    const { res, executed } = await run(`{ ${wide} }`);
    expect(res.errors?.map((e) => e.message).join(" ")).toMatch(/cost|alias/i);
    expect(executed).toBe(false);
  });

  it("[graphql] nested pages of 100 x 100 x 100 are refused by the cost limit before execution", async () => {
    const { res, executed } = await run(
      `{ campaigns(first: 100) { edges { node { prospects: id } } } prospects(first: 100) { edges { node { id emailLogs { id } contacts { email } } } } jobs(first: 100) { edges { node { events(last: 1000) { message } children { id } } } } }`,
    );
    expect(res.errors?.map((e) => e.message).join(" ")).toMatch(/cost|cannot query/i);
    expect(executed).toBe(false);
  });

  it("[graphql] a fragment cycle is refused before execution", async () => {
    const { res, executed } = await run(`{ me { ...A } } fragment A on User { id ...B } fragment B on User { name ...A }`);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(executed).toBe(false);
  });
});

describe("transport abuse", () => {
  it("[graphql] batched operations (JSON array body) are refused", async () => {
    const res = await post(api.url, JSON.stringify(Array.from({ length: 50 }, () => ({ query: "{ me { id } }" }))));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).not.toMatch(/"me"/);
  });

  it("[graphql] a 5 MB variables object is refused with 413 before parsing", async () => {
    statements = 0;
    const variables = { blob: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, "x".repeat(40)])) };
    const body = JSON.stringify({ query: "query($blob: JSON) { me { id } }", variables });
    expect(body.length).toBeGreaterThan(5_000_000);
    const res = await post(api.url, body);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/too large/i) }] });
    expect(statements).toBe(0);
  });

  it("[graphql] a very long string (2 MB) in an input is refused, nothing stored", async () => {
    const value = `${"a".repeat(2_000_000)}@example.org`;
    const res = await post(
      api.url,
      JSON.stringify({ query: `mutation($v: String!) { addSuppression(value: $v) { __typename } }`, variables: { v: value } }),
    );
    expect(res.status).toBe(413);
    expect(await api.db.suppression.count()).toBe(0);
  });

  it("[graphql] a body that lies about its size (chunked, no content-length) is still cut at the limit", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES * 3) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("[graphql] only importProspects may send a body over 1 MB (a 2 MB CSV still imports)", async () => {
    const campaign = await createCampaign(api, token);
    const rows = Array.from({ length: 2000 }, (_, i) => `csv-${i}.example,${"t".repeat(1000)}`).join("\n");
    const csv = `domain,title\n${rows}\n`;
    expect(csv.length).toBeGreaterThan(MAX_BODY_BYTES * 1.5);
    const res = await post(
      api.url,
      JSON.stringify({
        query: `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { __typename ... on MutationImportProspectsSuccess { data { created } } } }`,
        variables: { input: { campaignId: campaign.id, csv } },
      }),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).data.importProspects.data.created).toBe(2000);
    // The same size smuggled next to another field is refused.
    const smuggled = await post(
      api.url,
      JSON.stringify({
        query: `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { __typename } addSuppression(value: "smuggle@example.org") { __typename } }`,
        variables: { input: { campaignId: campaign.id, csv } },
      }),
    );
    expect(smuggled.status).toBe(413);
  });

  it("[graphql] a WebSocket message over the size limit closes the connection", async () => {
    const ws = new WebSocket(`${api.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(JSON.stringify({ type: "connection_init", payload: { pad: "x".repeat(MAX_BODY_BYTES + 10) } }));
    expect(await closed).toBe(1009);
  });

  it("[graphql] a body just under the limit is still accepted", async () => {
    const res = await post(api.url, JSON.stringify({ query: "{ me { id } }", variables: { pad: "x".repeat(MAX_BODY_BYTES - 1000) } }));
    expect(res.status).toBe(200);
    expect((await res.json()).data.me.id).toBeTruthy();
  });
});

describe("production mode", () => {
  it("[graphql] introspection is refused in production", async () => {
    const res = await prod.gql(`{ __schema { types { name fields { name } } } }`, {}, token);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    const type = await prod.gql(`{ __type(name: "Campaign") { fields { name } } }`, {}, token);
    expect(type.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(type)).not.toContain("fromEmail");
  });

  it("[graphql] introspection is refused in production over WebSocket too", async () => {
    const client = wsClient(prod.url, token);
    try {
      const outcome = await new Promise<{ data?: unknown; errors?: readonly { message: string }[] }>((resolve) => {
        let result: { data?: unknown; errors?: readonly { message: string }[] } = {};
        client.subscribe(
          { query: `{ __schema { types { name } } }` },
          {
            next: (r) => (result = r as typeof result),
            error: (e) => resolve({ errors: Array.isArray(e) ? e : [{ message: String((e as Error).message ?? e) }] }),
            complete: () => resolve(result),
          },
        );
      });
      expect(outcome.data ?? null).toBeNull();
      expect(JSON.stringify(outcome.errors)).toMatch(/introspection/i);
    } finally {
      await client.dispose();
    }
  });

  it("[graphql] field suggestions are hidden in production", async () => {
    const res = await prod.gql(`{ campaignz { edges { node { id } } } me { emial } }`, {}, token);
    const text = JSON.stringify(res);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/did you mean/i);
    expect(text).not.toMatch(/"campaigns"|\\"campaigns\\"|email/);
  });

  it("[graphql] argument and type suggestions are hidden in production", async () => {
    const res = await prod.gql(`mutation { pauseCampaign(idd: "x") { __typename } }`, {}, token);
    expect(JSON.stringify(res)).not.toMatch(/did you mean/i);
  });

  it("[graphql] GraphiQL is not served in production", async () => {
    const res = await fetch(`${prod.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await res.text()).not.toMatch(/graphiql/i);
  });

  it("[graphql] an internal error is masked in production", async () => {
    // A database error (the id is not a UUID) must not reach the client with its message or stack.
    const res = await prod.gql(`query($id: ID!) { campaign(id: $id) { id } }`, { id: Buffer.from("Campaign:not-a-uuid'--").toString("base64") }, token);
    const text = JSON.stringify(res);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/prisma|postgres|stack|invalid input syntax|\.ts:\d+/i);
  });
});

describe("CSRF", () => {
  it("[csrf] a GET query without the CSRF header is refused", async () => {
    statements = 0;
    const res = await fetch(`${api.url}/graphql?query=${encodeURIComponent("{ me { id email } }")}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect(statements).toBe(0);
  });

  it("[csrf] a mutation over GET is refused even with the CSRF header", async () => {
    const q = encodeURIComponent(`mutation { addSuppression(value: "csrf-get@example.org") { __typename } }`);
    const res = await fetch(`${api.url}/graphql?query=${q}`, { headers: { authorization: `Bearer ${token}`, [CSRF_HEADER]: "1" } });
    expect(res.status).toBe(405);
    expect(await api.db.suppression.count({ where: { value: "csrf-get@example.org" } })).toBe(0);
  });

  it.each([
    ["text/plain"],
    ["application/x-www-form-urlencoded"],
    ["multipart/form-data; boundary=x"],
  ])("[csrf] a POST to /graphql with content-type %s is refused", async (type) => {
    const body = JSON.stringify({ query: `mutation { addSuppression(value: "csrf-post@example.org") { __typename } }` });
    const res = await fetch(`${api.url}/graphql`, { method: "POST", headers: { "content-type": type, authorization: `Bearer ${token}` }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await api.db.suppression.count({ where: { value: "csrf-post@example.org" } })).toBe(0);
  });

  it.each([["text/plain"], ["application/x-www-form-urlencoded"], [null]])(
    "[csrf] a REST POST with content-type %s is refused",
    async (type) => {
      const res = await fetch(`${api.url}/api/jobs/discover`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, ...(type ? { "content-type": type } : {}) },
        body: type === "application/x-www-form-urlencoded" ? "campaignId=x" : JSON.stringify({ campaignId: randomUUID() }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.fieldErrors[0].path).toEqual(["body"]);
      expect(await api.db.job.count({ where: { jobType: "discover" } })).toBe(0);
    },
  );
});
