import { emailAddress, publishProspectUpdated } from "@outreach/contracts";
import { ValidationError } from "@outreach/core";
import { personContact } from "@outreach/core/enrich";
import type { JobDeps } from "@outreach/core/jobs";
import type { Job } from "@outreach/db";
import { parse } from "csv-parse/sync";
import { audit } from "./audit.ts";
import { enrichNewProspects } from "./enrich.ts";
import { findOwnedCampaign } from "./campaigns.ts";
import { domainOrFieldError } from "./prospects.ts";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportReport {
  created: number;
  duplicates: number;
  errors: ImportRowError[];
  /** The one job enriching and scoring the created prospects; null when none was created. */
  job: Job | null;
}

const COLUMN_ALIASES: Record<string, "domain" | "title" | "email"> = {
  domain: "domain",
  url: "domain",
  website: "domain",
  domainorurl: "domain",
  page_url: "domain",
  title: "title",
  page_title: "title",
  pagetitle: "title",
  email: "email",
  contact_email: "email",
  contactemail: "email",
};

/**
 * CSV with a header row naming at least a domain/url column (title and email optional). Each bad
 * row is reported with its line number and field; good rows are stored; rows whose domain is already
 * in the campaign (or repeated in the file) are counted as duplicates and left untouched. One job
 * enriches and scores the created prospects.
 */
export async function importProspects(
  deps: JobDeps,
  userId: string,
  campaignId: string,
  csv: string,
): Promise<ImportReport> {
  const campaign = await findOwnedCampaign(deps.db, userId, campaignId);
  if (Buffer.byteLength(csv) > MAX_IMPORT_BYTES) throw ValidationError.field("csv", "is larger than 5 MB");
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (err) {
    throw ValidationError.field("csv", `cannot be read as CSV: ${(err as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw ValidationError.field("csv", "is empty");
  const columns = header.map((h) => COLUMN_ALIASES[h.toLowerCase().replace(/[\s-]/g, "")]);
  const domainCol = columns.indexOf("domain");
  if (domainCol < 0) throw ValidationError.field("csv", "needs a header row with a domain or url column");
  if (rows.length > MAX_IMPORT_ROWS) throw ValidationError.field("csv", `has more than ${MAX_IMPORT_ROWS} rows`);

  const errors: ImportRowError[] = [];
  const good = new Map<string, { domain: string; pageUrl: string; pageTitle: string | null; contactEmail: string | null }>();
  let duplicates = 0;
  rows.forEach((cells, index) => {
    const row = index + 2; // 1-based, after the header line
    const value = (kind: "title" | "email") => {
      const col = columns.indexOf(kind);
      return col >= 0 ? cells[col]?.trim() || undefined : undefined;
    };
    let domain: string;
    try {
      domain = domainOrFieldError(cells[domainCol] ?? "", "domain");
    } catch (err) {
      errors.push({ row, field: "domain", message: (err as ValidationError).fieldErrors[0]!.message });
      return;
    }
    const rawEmail = value("email");
    let contactEmail: string | null = null;
    if (rawEmail) {
      const parsed = emailAddress.safeParse(rawEmail);
      if (!parsed.success) {
        errors.push({ row, field: "email", message: parsed.error.issues[0]!.message });
        return;
      }
      contactEmail = parsed.data;
    }
    const title = value("title");
    if (title && /[\r\n]/.test(title)) {
      errors.push({ row, field: "title", message: "must not contain line breaks" });
      return;
    }
    if (good.has(domain)) {
      duplicates++;
      return;
    }
    const rawUrl = cells[domainCol]!.trim();
    good.set(domain, {
      domain,
      pageUrl: /^https?:\/\//i.test(rawUrl) ? rawUrl : `https://${domain}/`,
      pageTitle: title ?? null,
      contactEmail,
    });
  });

  const candidates = [...good.values()];
  const created = await deps.db.prospect.createManyAndReturn({
    data: candidates.map((p) => ({ ...p, campaignId: campaign.id, source: "import" as const, contactMethod: p.contactEmail ? "email" : null })),
    skipDuplicates: true,
    select: { id: true, contactEmail: true },
  });
  // An address in the file is the person's choice: enrichment adds others but never replaces it.
  await deps.db.contact.createMany({
    data: created.flatMap((p) => (p.contactEmail ? [{ ...personContact(p.contactEmail), prospectId: p.id }] : [])),
    skipDuplicates: true,
  });
  duplicates += candidates.length - created.length;
  const prospectIds = created.map((p) => p.id);
  const job = await enrichNewProspects(deps, userId, campaign.id, prospectIds);
  await audit(deps.db, userId, "prospect.import", campaign.id, { created: created.length, duplicates, errors: errors.length, jobId: job?.id ?? null });
  for (const id of prospectIds) publishProspectUpdated(deps.bus, { id, campaignId: campaign.id, userId });
  return { created: created.length, duplicates, errors, job };
}
