import { composeFacts, type ComposeFacts } from "./facts.ts";
import type { ComposeInput, Draft } from "./types.ts";

/**
 * Template drafts: the fallback when Gemini fails, and what a campaign's own templates produce.
 *
 * Syntax: `{{name}}` inserts a variable; `{{#name}} ... {{/name}}` keeps the enclosed text only
 * when the variable has a value (for optional sentences). A sentence that uses an unknown variable,
 * or a variable with no value outside such a section, is left out and the draft gets the flag
 * `unknown_variable` / `empty_variable`, so the text never reads "Dear ," or "{{foo}}".
 */

export const TEMPLATE_VARIABLES = [
  "artistName", "portfolioUrl", "medium", "statement", "fromName", "siteName", "siteUrl", "domain", "contactName",
  "contactFirstName", "greeting", "openCallTitle", "openCallDeadline", "openCallFee", "previousSubject", "step",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export const DEFAULT_SUBJECT = "{{#openCallTitle}}{{openCallTitle}}: {{/openCallTitle}}{{artistName}}{{#medium}}, {{medium}}{{/medium}} for {{siteName}}";
export const DEFAULT_FOLLOW_UP_SUBJECT = "Re: {{previousSubject}}";
export const DEFAULT_BODY = `{{greeting}}

My name is {{artistName}}{{#medium}} and I work in {{medium}}{{/medium}}. I have been reading {{siteName}} and I think my recent work could be a good fit for your readers.
{{#openCallTitle}}
I saw your open call "{{openCallTitle}}"{{#openCallDeadline}} (deadline {{openCallDeadline}}){{/openCallDeadline}} and would like to be considered.
{{/openCallTitle}}{{#portfolioUrl}}
You can see a selection of my work here: {{portfolioUrl}}
{{/portfolioUrl}}
Thank you for your time.

Best regards,
{{artistName}}`;
export const DEFAULT_FOLLOW_UP = `{{greeting}}

I wanted to follow up on my earlier email about my work for {{siteName}}, in case it got buried.{{#portfolioUrl}} The portfolio is here: {{portfolioUrl}}{{/portfolioUrl}}

Thank you, and no worries if it is not a fit right now.

Best regards,
{{artistName}}`;

export function templateVariables(f: ComposeFacts, input: Pick<ComposeInput, "step" | "previous">): Record<TemplateVariable, string> {
  const prevSubject = (input.previous?.subject ?? "").replace(/^(re:\s*)+/i, "");
  return {
    artistName: f.artistName,
    portfolioUrl: f.portfolioUrl ?? "",
    medium: f.medium ?? "",
    statement: f.statement ?? "",
    fromName: f.fromName ?? f.artistName,
    siteName: f.siteName,
    siteUrl: f.siteUrl,
    domain: f.domain,
    contactName: f.contactName ?? "",
    contactFirstName: f.contactFirstName ?? "",
    greeting: f.contactFirstName ? `Hello ${f.contactFirstName},` : "Hello,",
    openCallTitle: f.openCallTitle ?? "",
    openCallDeadline: f.openCallDeadline ?? "",
    openCallFee: f.openCallFee ?? "",
    previousSubject: prevSubject,
    step: String(input.step),
  };
}

export interface RenderResult {
  text: string;
  flags: Array<"empty_variable" | "unknown_variable">;
  /** Variables that were unknown or empty where they were required. */
  problems: string[];
}

const isKnown = (name: string): name is TemplateVariable => (TEMPLATE_VARIABLES as readonly string[]).includes(name);

export function renderTemplate(template: string, vars: Record<string, string>): RenderResult {
  const flags = new Set<"empty_variable" | "unknown_variable">();
  const problems: string[] = [];
  // Sections first (innermost first, so nesting works).
  let text = template;
  for (let i = 0; i < 10; i++) {
    const next = text.replace(/\{\{#\s*(\w+)\s*\}\}((?:(?!\{\{#)[\s\S])*?)\{\{\/\s*\1\s*\}\}/g, (_m, name: string, inner: string) => {
      if (!isKnown(name)) {
        flags.add("unknown_variable");
        problems.push(name);
        return "";
      }
      return (vars[name] ?? "").trim() ? inner : "";
    });
    if (next === text) break;
    text = next;
  }
  // A sentence that needs a value it cannot have is left out (only that sentence, not the line).
  const fill = (sentence: string): string | null => {
    let drop = false;
    const out = sentence.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, name: string) => {
      if (!isKnown(name)) {
        flags.add("unknown_variable");
        problems.push(name || "(empty)");
        drop = true;
        return "";
      }
      const v = (vars[name] ?? "").replace(/[\r\n]+/g, " ").trim();
      if (!v) {
        flags.add("empty_variable");
        problems.push(name);
        drop = true;
      }
      return v;
    });
    return drop ? null : out;
  };
  const lines = text.split("\n").flatMap((line) => {
    if (!/\{\{/.test(line)) return [line];
    const kept = line
      .split(/(?<=[.!?])\s+/)
      .map(fill)
      .filter((x): x is string => x !== null);
    return kept.length ? [kept.join(" ")] : [];
  });
  const cleaned = lines
    .join("\n")
    .replace(/[^\S\n]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text: cleaned, flags: [...flags], problems };
}

export interface TemplateDraft extends Draft {
  flags: Array<"empty_variable" | "unknown_variable">;
  problems: string[];
}

export function templateDraft(input: ComposeInput): TemplateDraft {
  const f = composeFacts(input.campaign, input.prospect, input.crawl);
  const vars = templateVariables(f, input);
  const followUp = input.step >= 1;
  const subjectTpl = followUp ? (vars.previousSubject ? DEFAULT_FOLLOW_UP_SUBJECT : input.campaign.subjectTemplate || DEFAULT_SUBJECT) : input.campaign.subjectTemplate || DEFAULT_SUBJECT;
  const bodyTpl = followUp ? input.campaign.followUpTemplate || DEFAULT_FOLLOW_UP : input.campaign.bodyTemplate || DEFAULT_BODY;
  let s = renderTemplate(subjectTpl, vars);
  let b = renderTemplate(bodyTpl, vars);
  // A template that rendered to nothing falls back to the built-in one (its flags stay).
  if (!s.text.trim()) s = { ...renderTemplate(followUp && vars.previousSubject ? DEFAULT_FOLLOW_UP_SUBJECT : DEFAULT_SUBJECT, vars), flags: s.flags, problems: s.problems };
  if (!b.text.trim()) b = { ...renderTemplate(followUp ? DEFAULT_FOLLOW_UP : DEFAULT_BODY, vars), flags: b.flags, problems: b.problems };
  return {
    subject: s.text.replace(/\s+/g, " "),
    body: b.text,
    flags: [...new Set([...s.flags, ...b.flags])],
    problems: [...new Set([...s.problems, ...b.problems])],
  };
}
