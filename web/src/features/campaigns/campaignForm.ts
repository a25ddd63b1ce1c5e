import type { CampaignInput } from '../../gql/graphql';
import type { FieldErrors } from '../../lib/results';
import { LIMITS } from './limits';
import { isKnownTimeZone } from './places';

// The form keeps every value as text; toInput() converts and validate() checks before sending.
export type CampaignFormValues = {
  name: string; artistName: string; medium: string; portfolioUrl: string; statement: string; keywords: string; sampleWorks: string;
  fromName: string; fromEmail: string; locationCode: string; languageCode: string; searchDepth: string;
  dailyCap: string; sendWindowStart: string; sendWindowEnd: string; timeZone: string; minGapSeconds: string; maxGapSeconds: string;
  followUpDelaysDays: string; maxFollowUps: string; minScore: string; autoApproveScore: string; cooldownDays: string;
  subjectTemplate: string; bodyTemplate: string; followUpTemplate: string;
  /** The mailbox's global id; '' = none chosen (on create the API picks the first connected one). */
  mailboxId: string;
  /** The placement watch also searches DataForSEO for the feature weekly (costs credit). */
  placementSearch: boolean;
};

/** The fields kept as text (all but the checkboxes). */
export type TextField = Exclude<keyof CampaignFormValues, 'placementSearch'>;

export const emptyCampaign: CampaignFormValues = {
  name: '', artistName: '', medium: '', portfolioUrl: '', statement: '', keywords: '', sampleWorks: '',
  fromName: '', fromEmail: '', locationCode: '2840', languageCode: 'en', searchDepth: '20',
  dailyCap: '20', sendWindowStart: '9', sendWindowEnd: '17',
  timeZone: typeof Intl !== 'undefined' ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC',
  minGapSeconds: '120', maxGapSeconds: '600', followUpDelaysDays: '4, 10', maxFollowUps: '2', minScore: '40', autoApproveScore: '',
  cooldownDays: '90', subjectTemplate: '', bodyTemplate: '', followUpTemplate: '', mailboxId: '', placementSearch: false,
};

type CampaignLike = { [K in keyof CampaignInput]?: unknown } & { mailbox?: { id: string } | null };

/** Each field's label on the form: messages name the field the way the user sees it. */
export const FIELD_LABELS: Record<keyof CampaignFormValues, string> = {
  name: 'Campaign name', artistName: 'Artist name', medium: 'Medium', portfolioUrl: 'Portfolio URL', statement: 'Artist statement',
  keywords: 'Keywords', sampleWorks: 'Sample works', fromName: 'From name', fromEmail: 'From email', locationCode: 'Country',
  languageCode: 'Language code', searchDepth: 'Search depth', dailyCap: 'Daily cap', sendWindowStart: 'Send window start (hour)',
  sendWindowEnd: 'Send window end (hour)', timeZone: 'Time zone', minGapSeconds: 'Minimum gap (seconds)', maxGapSeconds: 'Maximum gap (seconds)',
  followUpDelaysDays: 'Follow-up delays (days)', maxFollowUps: 'Maximum follow-ups', minScore: 'Minimum score', autoApproveScore: 'Auto-approve score',
  cooldownDays: 'Cool-down (days)', subjectTemplate: 'Subject template', bodyTemplate: 'Body template', followUpTemplate: 'Follow-up template', mailboxId: 'Send from',
  placementSearch: 'Also search for the feature weekly',
};

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function fromCampaign(c: CampaignLike): CampaignFormValues {
  const out = { ...emptyCampaign };
  for (const k of Object.keys(out) as Array<keyof CampaignFormValues>) {
    if (k === 'keywords' || k === 'sampleWorks' || k === 'followUpDelaysDays' || k === 'mailboxId' || k === 'placementSearch') continue;
    out[k] = text(c[k]);
  }
  out.placementSearch = c.placementSearch === true;
  out.mailboxId = c.mailbox?.id ?? '';
  out.keywords = ((c.keywords as string[] | undefined) ?? []).join(', ');
  out.followUpDelaysDays = ((c.followUpDelaysDays as number[] | undefined) ?? []).join(', ');
  out.sampleWorks = ((c.sampleWorks as Array<{ title: string; url: string }> | undefined) ?? []).map((w) => `${w.title ?? ''} | ${w.url ?? ''}`).join('\n');
  return out;
}

const list = (s: string) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
// The API takes null only where a value can be cleared (portfolio URL, scores, templates); for the
// other fields an empty box means "leave as is / use the default", so the field is left out.
const intOrNull = (s: string) => (s.trim() === '' ? null : Number(s));
const strOrNull = (s: string) => (s.trim() === '' ? null : s.trim());
const intOrSkip = (s: string) => (s.trim() === '' ? undefined : Number(s));
const strOrSkip = (s: string) => (s.trim() === '' ? undefined : s.trim());

function parseWorks(s: string) {
  return s.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.lastIndexOf('|');
    // A line without "|" is a link when it reads as one, else a title still waiting for its link.
    if (i < 0) return isUrl(l) ? { title: '', url: l } : { title: l, url: '' };
    return { title: l.slice(0, i).trim(), url: l.slice(i + 1).trim() };
  });
}

export function toInput(v: CampaignFormValues): CampaignInput {
  return {
    name: v.name.trim(), artistName: v.artistName.trim(), medium: v.medium.trim(), portfolioUrl: strOrNull(v.portfolioUrl), statement: v.statement.trim(),
    keywords: list(v.keywords), sampleWorks: parseWorks(v.sampleWorks),
    fromName: v.fromName.trim(), fromEmail: v.fromEmail.trim(),
    locationCode: intOrSkip(v.locationCode), languageCode: strOrSkip(v.languageCode), searchDepth: intOrSkip(v.searchDepth),
    dailyCap: intOrSkip(v.dailyCap), sendWindowStart: intOrSkip(v.sendWindowStart), sendWindowEnd: intOrSkip(v.sendWindowEnd),
    timeZone: strOrSkip(v.timeZone), minGapSeconds: intOrSkip(v.minGapSeconds), maxGapSeconds: intOrSkip(v.maxGapSeconds),
    followUpDelaysDays: list(v.followUpDelaysDays).map(Number), maxFollowUps: intOrSkip(v.maxFollowUps),
    minScore: intOrNull(v.minScore), autoApproveScore: intOrNull(v.autoApproveScore), cooldownDays: intOrSkip(v.cooldownDays),
    subjectTemplate: strOrNull(v.subjectTemplate), bodyTemplate: strOrNull(v.bodyTemplate), followUpTemplate: strOrNull(v.followUpTemplate),
    mailboxId: v.mailboxId || undefined,
    placementSearch: v.placementSearch,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isUrl(s: string) {
  try { const u = new URL(s); return u.protocol === 'http:' || u.protocol === 'https:'; } catch { return false; }
}

export function validateCampaign(v: CampaignFormValues): FieldErrors {
  const e: FieldErrors = {};
  const L = LIMITS.campaign;
  const req = (k: TextField, msg: string) => { if (!v[k].trim()) e[k] = msg; };
  const longer = (k: TextField, max: number) => {
    if (!e[k] && v[k].trim().length > max) e[k] = `${FIELD_LABELS[k]} must be at most ${max.toLocaleString('en')} characters (now ${v[k].trim().length.toLocaleString('en')}).`;
  };
  const oneLine = (k: TextField) => { if (!e[k] && /[\r\n]/.test(v[k])) e[k] = `${FIELD_LABELS[k]} must be one line.`; };
  req('name', 'Give the campaign a name.');
  req('artistName', 'Enter the artist’s name.');
  req('fromName', 'Enter the sender name.');
  req('fromEmail', 'Enter the address emails are sent from.');
  if (!e.fromEmail && !EMAIL.test(v.fromEmail.trim())) e.fromEmail = 'Enter a valid email address, like you@example.com.';
  if (!list(v.keywords).length) e.keywords = 'Add at least one keyword.';
  else if (list(v.keywords).length > L.keywords) e.keywords = `Use at most ${L.keywords} keywords.`;
  else if (list(v.keywords).some((k) => k.length > L.keyword)) e.keywords = `Each keyword must be at most ${L.keyword} characters.`;
  if (v.medium.trim().length > L.medium) e.medium = 'Keep it under 200 characters.';
  for (const k of ['name', 'artistName', 'fromName', 'fromEmail', 'statement', 'portfolioUrl'] as const) longer(k, L[k]);
  for (const k of ['subjectTemplate', 'bodyTemplate', 'followUpTemplate'] as const) longer(k, L.template);
  for (const k of ['artistName', 'fromName', 'medium'] as const) oneLine(k);
  if (!e.portfolioUrl && v.portfolioUrl.trim() && !isUrl(v.portfolioUrl.trim())) e.portfolioUrl = 'Enter a full URL starting with https://.';
  const works = parseWorks(v.sampleWorks);
  const badWork = works.findIndex((w) => !isUrl(w.url) || !w.title);
  if (badWork >= 0) {
    const w = works[badWork]!;
    e.sampleWorks = `Sample work ${badWork + 1}${w.title ? ` (“${w.title}”)` : ''} needs ${!w.title ? 'a title' : w.url ? 'a full URL starting with https://' : 'a URL'}: write each line as Title | https://link.`;
  } else if (works.length > L.sampleWorks) e.sampleWorks = `List at most ${L.sampleWorks} sample works.`;
  else if (works.some((w) => w.title.length > L.sampleWorkTitle)) e.sampleWorks = `Each sample work’s title must be at most ${L.sampleWorkTitle} characters.`;
  const int = (k: TextField, min: number, max: number) => {
    if (v[k].trim() === '' || e[k]) return;
    const n = Number(v[k]);
    if (!Number.isInteger(n) || n < min || n > max) e[k] = `${FIELD_LABELS[k]} must be a whole number from ${min} to ${max}.`;
  };
  int('locationCode', 1, 9999999);
  int('searchDepth', 10, 200);
  int('dailyCap', 1, 2000);
  int('sendWindowStart', 0, 23);
  int('sendWindowEnd', 1, 24);
  int('minGapSeconds', 0, 86400);
  int('maxGapSeconds', 0, 86400);
  int('maxFollowUps', 0, 10);
  int('minScore', 0, 100);
  int('autoApproveScore', 0, 100);
  int('cooldownDays', 0, 3650);
  if (v.languageCode.trim() && !/^[a-z]{2}(-[A-Z]{2})?$/.test(v.languageCode.trim())) e.languageCode = 'Language code must be two letters like en, or a regional code like pt-BR.';
  if (!e.sendWindowStart && !e.sendWindowEnd && v.sendWindowStart && v.sendWindowEnd && Number(v.sendWindowEnd) <= Number(v.sendWindowStart)) e.sendWindowEnd = 'The window must end after it starts.';
  if (!e.minGapSeconds && !e.maxGapSeconds && v.minGapSeconds && v.maxGapSeconds && Number(v.maxGapSeconds) < Number(v.minGapSeconds)) e.maxGapSeconds = 'Must be at least the minimum gap.';
  if (v.timeZone.trim() && !isKnownTimeZone(v.timeZone.trim())) e.timeZone = `Use an IANA time zone from the list, such as Europe/Berlin or America/New_York (“${v.timeZone.trim()}” is not one).`;
  const delays = list(v.followUpDelaysDays);
  if (delays.some((d) => !Number.isInteger(Number(d)) || Number(d) < 1 || Number(d) > 90)) e.followUpDelaysDays = 'List whole numbers of days from 1 to 90, like 4, 10.';
  else if (delays.length > 10) e.followUpDelaysDays = 'List at most 10 delays.';
  else if (!e.maxFollowUps && v.maxFollowUps && delays.length < Number(v.maxFollowUps)) e.followUpDelaysDays = `Give a delay for each of the ${v.maxFollowUps} follow-ups.`;
  if (!e.minScore && !e.autoApproveScore && v.autoApproveScore && v.minScore && Number(v.autoApproveScore) < Number(v.minScore)) e.autoApproveScore = 'Must be at least the minimum score.';
  return e;
}

export type MailboxOption = {
  id: string; address: string; status: string;
  sendAs: ReadonlyArray<{ email: string; displayName: string; isPrimary: boolean; verified: boolean }>;
};

/** The From addresses a mailbox may send as: its own address, then its verified aliases. */
export function fromAddressesOf(m: MailboxOption): string[] {
  const out = [m.address];
  for (const a of m.sendAs) if (a.verified && !out.some((x) => x.toLowerCase() === a.email.toLowerCase())) out.push(a.email);
  return out;
}

/** The From address emails will carry (the API's rule): fromEmail when the mailbox may send as it, else its own address. */
export function sendsFromOf(m: MailboxOption, fromEmail: string): string {
  return fromAddressesOf(m).find((a) => a.toLowerCase() === fromEmail.trim().toLowerCase()) ?? m.address;
}

/** A new campaign's values: the first connected mailbox and its own address. */
export function newCampaignValues(mailboxes: ReadonlyArray<MailboxOption>): CampaignFormValues {
  const first = mailboxes.find((m) => m.status === 'connected');
  return first ? { ...emptyCampaign, mailboxId: first.id, fromEmail: first.address } : emptyCampaign;
}
