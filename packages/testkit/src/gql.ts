import { randomUUID } from "node:crypto";

/** GraphQL over HTTP as a client sees it: no server code is imported here. */
export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs one operation to `${url}/graphql`, with a Bearer token when given. */
export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

/** The data of one operation; throws with the messages when the server answered with errors. */
export async function gqlData<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const body = await postGraphQL<T>(url, query, variables, token);
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data as T;
}

/** Something that runs GraphQL operations against one API (a TestApi, or gqlClient(url)). */
export interface GqlRunner {
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
}

export const gqlClient = (url: string): GqlRunner => ({ gql: (query, variables, token) => postGraphQL(url, query, variables, token) });

export const TEST_PASSWORD = "correct horse battery";

/** A new account through the API; the email is made unique from `emailLabel` (the name by default). */
export async function signUp(api: GqlRunner, name = "Artist", emailLabel = name) {
  const email = `${emailLabel.toLowerCase().replace(/\W/g, "")}-${randomUUID().slice(0, 8)}@example.org`;
  const res = await api.gql(
    `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on MutationSignUpSuccess { data { token user { id } } } ... on Error { message } } }`,
    { input: { email, password: TEST_PASSWORD, name } },
  );
  const data = res.data?.signUp?.data;
  if (!data) throw new Error(`signUp failed: ${JSON.stringify(res)}`);
  return { token: data.token as string, userId: data.user.id as string, email, password: TEST_PASSWORD, name };
}

export const CREATE_CAMPAIGN = `mutation($input: CampaignInput!) {
  createCampaign(input: $input) {
    __typename
    ... on MutationCreateCampaignSuccess { data { id name dailyCap timeZone } }
    ... on ValidationError { message fieldErrors { path message } }
  }
}`;

export const campaignInput = (overrides: Record<string, unknown> = {}) => ({
  name: "Ceramics spring",
  artistName: "Mia Clay",
  medium: "ceramics",
  fromName: "Mia Clay",
  fromEmail: "mia@example.org",
  keywords: ["ceramics", "glaze", "stoneware"],
  statement: "Wood-fired stoneware vessels about erosion.",
  ...overrides,
});

export async function createCampaign(api: GqlRunner, token: string, overrides: Record<string, unknown> = {}) {
  const res = await api.gql(CREATE_CAMPAIGN, { input: campaignInput(overrides) }, token);
  const data = res.data?.createCampaign?.data;
  if (!data) throw new Error(`createCampaign failed: ${JSON.stringify(res)}`);
  return data as { id: string; name: string };
}

/** Relay global id -> database UUID. */
export const rawId = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1]!;
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");
