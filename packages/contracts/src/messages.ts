import { z } from "zod";

/**
 * Plain-word validation messages. Every field error reads as a sentence that names the field the way
 * the web form labels it ("Campaign name must be at most 120 characters."), whether it comes from the
 * API (GraphQL or REST) or from the form's own check of the same schema.
 */
export type FieldLabels = Readonly<Record<string, string>>;

/** Field names as the web app's forms label them; the campaign form's own names are in CAMPAIGN_FIELD_LABELS. */
export const FIELD_LABELS: FieldLabels = {
  name: "Name",
  email: "Email",
  password: "Password",
  domainOrUrl: "Domain or URL",
  pageTitle: "Page title",
  contactEmail: "Contact email",
  csv: "CSV file",
  subject: "Subject",
  body: "Body",
  value: "Email, domain or *.domain",
  note: "Note",
  keywords: "Keywords",
  keyword: "Keyword",
  domain: "Test domain",
  mailboxId: "Send from",
  dailyCap: "Daily cap",
  toEmail: "Recipient",
  ids: "Selection",
  prospectIds: "Prospects",
  filter: "Filter",
  stages: "Stages",
  outreachStatuses: "Outreach statuses",
  minScore: "Minimum score",
  maxScore: "Maximum score",
  search: "Search",
  limit: "Page size",
  orderBy: "Sort order",
  direction: "Sort direction",
  status: "Status",
  type: "Job type",
  cursor: "Cursor",
  code: "Authorization code",
  filters: "Filters",
  url: "Feature page URL",
};

export const CAMPAIGN_FIELD_LABELS: FieldLabels = {
  ...FIELD_LABELS,
  name: "Campaign name",
  artistName: "Artist name",
  medium: "Medium",
  portfolioUrl: "Portfolio URL",
  statement: "Artist statement",
  keywords: "Keywords",
  sampleWorks: "Sample works",
  title: "Title",
  url: "Link",
  fromName: "From name",
  fromEmail: "From email",
  locationCode: "Country",
  languageCode: "Language code",
  searchDepth: "Search depth",
  dailyCap: "Daily cap",
  sendWindowStart: "Send window start (hour)",
  sendWindowEnd: "Send window end (hour)",
  timeZone: "Time zone",
  minGapSeconds: "Minimum gap (seconds)",
  maxGapSeconds: "Maximum gap (seconds)",
  cooldownDays: "Cool-down (days)",
  placementSearch: "Also search for the feature weekly",
  followUpDelaysDays: "Follow-up delays (days)",
  maxFollowUps: "Maximum follow-ups",
  minScore: "Minimum score",
  autoApproveScore: "Auto-approve score",
  subjectTemplate: "Subject template",
  bodyTemplate: "Body template",
  followUpTemplate: "Follow-up template",
};

/** "domainOrUrl" → "Domain or url" when no label is known. */
function humanize(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_.]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a field path: the last named segment, with "line N" for list entries. */
export function labelOf(path: readonly (string | number)[], labels: FieldLabels = FIELD_LABELS): string {
  const named = path.filter((p) => typeof p === "string" && !/^\d+$/.test(p)) as string[];
  const index = path.findIndex((p) => typeof p === "number" || /^\d+$/.test(String(p)));
  const last = named[named.length - 1];
  if (last === undefined) return "This field";
  const label = labels[last] ?? FIELD_LABELS[last] ?? humanize(last);
  if (index < 0) return label;
  const list = path.slice(0, index).filter((p) => typeof p === "string").pop();
  const listLabel = list ? (labels[list as string] ?? humanize(list as string)) : "Entry";
  const line = `${listLabel}, line ${Number(path[index]) + 1}`;
  return last === list ? line : `${line}: ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

/** A sentence naming the field; a message that already is a sentence (capitalised) is kept. */
export function fieldSentence(path: readonly (string | number)[], message: string, labels?: FieldLabels): string {
  const text = message.trim();
  const sentence = /^[A-Z]/.test(text) ? text : `${labelOf(path, labels)} ${text}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const plural = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

/** zod's default messages in plain words (without the field name, which fieldSentence adds). */
export const plainIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null) return "is required";
      if (issue.expected === "number" || issue.expected === "int") return "must be a number";
      if (issue.expected === "array") return "must be a list";
      return `must be ${issue.expected === "string" ? "text" : `a ${issue.expected}`}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `must be at least ${plural(issue.minimum, "character", "characters")}`;
      if (issue.origin === "array" || issue.origin === "set") return `needs at least ${plural(issue.minimum, "entry", "entries")}`;
      return `must be ${issue.inclusive === false ? "more than" : "at least"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${plural(issue.maximum, "character", "characters")}`;
      if (issue.origin === "array" || issue.origin === "set") return `can have at most ${plural(issue.maximum, "entry", "entries")}`;
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${issue.maximum}`;
    case "invalid_format":
      if (issue.format === "email") return "must be a valid email address";
      if (issue.format === "uuid" || issue.format === "guid") return "must be a valid id";
      if (issue.format === "url") return "must be a web address";
      return "is not in the expected format";
    case "not_multiple_of":
      return issue.divisor === 1 ? "must be a whole number" : `must be a multiple of ${issue.divisor}`;
    case "invalid_value":
      return issue.values.length <= 8 ? `must be one of: ${issue.values.map(String).join(", ")}` : "is not one of the allowed values";
    case "unrecognized_keys":
      return `has unknown ${issue.keys.length === 1 ? "field" : "fields"}: ${issue.keys.join(", ")}`;
    default:
      return undefined;
  }
};

z.config({ customError: plainIssueMessage });

/** Every issue of a zod error as { path, message } with the message in plain words naming the field. */
export function fieldErrorsOfZod(error: z.ZodError, labels?: FieldLabels, prefix: string[] = []) {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    return { path, message: fieldSentence(path, issue.message, labels) };
  });
}
