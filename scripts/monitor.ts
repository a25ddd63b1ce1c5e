/**
 * `pnpm monitor --campaign <id>`: a live terminal view of a campaign's jobs, built only on the
 * public GraphQL API (the example to copy for your own monitors). One progress bar per running job,
 * a line for each finished one; reconnects by itself and re-reads the job list after each reconnect.
 *
 * Auth: OUTREACH_TOKEN, or OUTREACH_EMAIL + OUTREACH_PASSWORD to log in. API: --url or OUTREACH_API_URL.
 */
import { parseArgs } from "node:util";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

interface JobView {
  id: string;
  jobType: string;
  status: string;
  progress: number;
  errorMessage: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

const JOB_FIELDS = "id jobType status progress errorMessage startedAt finishedAt";
const FINISHED = new Set(["completed", "failed", "cancelled"]);

const { values } = parseArgs({
  options: {
    campaign: { type: "string" },
    url: { type: "string", default: process.env.OUTREACH_API_URL ?? "http://127.0.0.1:4000/graphql" },
  },
});
if (!values.campaign) {
  console.error("usage: pnpm monitor --campaign <campaign id> [--url http://127.0.0.1:4000/graphql]");
  console.error("Find campaign ids with: query { campaigns { edges { node { id name } } } }");
  process.exit(2);
}
const httpUrl = values.url!;
const campaignId = values.campaign;

async function graphql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}

async function obtainToken(): Promise<string> {
  if (process.env.OUTREACH_TOKEN) return process.env.OUTREACH_TOKEN;
  const email = process.env.OUTREACH_EMAIL;
  const password = process.env.OUTREACH_PASSWORD;
  if (!email || !password) throw new Error("set OUTREACH_TOKEN, or OUTREACH_EMAIL and OUTREACH_PASSWORD");
  const data = await graphql<{ logIn: { __typename: string; message?: string; data?: { token: string } } }>(
    `mutation($input: LogInInput!) { logIn(input: $input) { __typename ... on MutationLogInSuccess { data { token } } ... on Error { message } } }`,
    { input: { email, password } },
  );
  if (!data.logIn.data) throw new Error(data.logIn.message ?? "log in failed");
  return data.logIn.data.token;
}

const tty = process.stdout.isTTY;
const running = new Map<string, JobView>();
const lastPrinted = new Map<string, number>();
let drawnLines = 0;

function bar(progress: number, width = 30): string {
  const filled = Math.round((progress / 100) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(progress).padStart(3)}%`;
}

const label = (job: JobView) => `${job.jobType.padEnd(9)} ${job.id.slice(0, 12)}`;

function duration(job: JobView): string {
  if (!job.startedAt || !job.finishedAt) return "";
  return ` in ${((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000).toFixed(1)}s`;
}

function redraw(permanent: string[] = []) {
  if (tty && drawnLines) process.stdout.write(`\x1b[${drawnLines}A\x1b[0J`);
  for (const line of permanent) process.stdout.write(`${line}\n`);
  if (!tty) return;
  const bars = [...running.values()].map((job) => `${label(job)} ${bar(job.progress)} ${job.status}`);
  for (const line of bars) process.stdout.write(`${line}\n`);
  drawnLines = bars.length;
}

function apply(job: JobView) {
  if (FINISHED.has(job.status)) {
    if (!running.has(job.id) && lastPrinted.get(job.id) === -1) return;
    running.delete(job.id);
    lastPrinted.set(job.id, -1);
    const mark = job.status === "completed" ? "done  " : job.status === "failed" ? "FAILED" : "cancel";
    redraw([`${mark} ${label(job)}${duration(job)}${job.errorMessage ? `: ${job.errorMessage}` : ""}`]);
    return;
  }
  running.set(job.id, job);
  if (tty) return redraw();
  // Without a terminal: a line per 10% step.
  const step = Math.floor(job.progress / 10);
  if (lastPrinted.get(job.id) !== step) {
    lastPrinted.set(job.id, step);
    console.log(`${label(job)} ${bar(job.progress, 20)} ${job.status}`);
  }
}

async function resync(token: string) {
  const data = await graphql<{ jobs: { edges: { node: JobView }[] } }>(
    `query($c: ID!) { jobs(first: 100, filter: { campaignId: $c, statuses: [pending, running] }) { edges { node { ${JOB_FIELDS} } } } }`,
    { c: campaignId },
    token,
  );
  running.clear();
  for (const { node } of data.jobs.edges) apply(node);
  redraw();
}

const token = await obtainToken();
const client = createClient({
  url: httpUrl.replace(/^http/, "ws"),
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: Infinity,
  shouldRetry: () => true,
  retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** retries) * (0.5 + Math.random()))),
  on: {
    connected: () => {
      console.log(`connected to ${httpUrl}, watching campaign ${campaignId}`);
      resync(token).catch((err) => console.error(`could not list jobs: ${(err as Error).message}`));
    },
    closed: () => console.log("connection lost, reconnecting..."),
  },
});

client.subscribe<{ jobUpdated: JobView }>(
  { query: `subscription($c: ID!) { jobUpdated(campaignId: $c) { ${JOB_FIELDS} } }`, variables: { c: campaignId } },
  {
    next: ({ data, errors }) => {
      if (errors?.length) return console.error(errors.map((e) => e.message).join("; "));
      if (data) apply(data.jobUpdated);
    },
    error: (err) => {
      console.error(`subscription failed: ${err instanceof Error ? err.message : JSON.stringify(err)}`);
      process.exit(1);
    },
    complete: () => process.exit(0),
  },
);

process.on("SIGINT", () => {
  void client.dispose();
  process.exit(0);
});
