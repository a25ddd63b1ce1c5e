import { Prisma } from "@outreach/db";
import { isProviderError, ProviderErrorCode } from "@outreach/providers";

/**
 * Which faults stay with the address, domain, rank or prospect they touched, and how they read.
 * Only a provider unusable for everyone (bad key, no credit) stops a whole enrichment batch; the
 * worker then raises an alert.
 */
export const stopsTheBatch = (err: unknown): boolean => isProviderError(err) && err.needsAttention;

/**
 * An error that belongs to one prospect: the rest of its batch goes on. Not one: auth / quota,
 * and anything about reaching the database or the network (a dropped connection), which the
 * job's own retry is for.
 */
export function isProspectsOwnFailure(err: unknown): boolean {
  if (isProviderError(err)) return !err.needsAttention;
  if (err instanceof Prisma.PrismaClientValidationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) return refusedData(err);
  if (err instanceof Error && err.name.startsWith("PrismaClient")) return false;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return false; // ECONNRESET and the like
  return err instanceof Error;
}

/** The row is gone, or PostgreSQL refused the values (SQLSTATE class 22 data exception, 23 integrity). */
function refusedData(err: Prisma.PrismaClientKnownRequestError): boolean {
  if (["P2000", "P2003", "P2025"].includes(err.code)) return true;
  const meta = err.meta as { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } | undefined;
  const sqlState = meta?.driverAdapterError?.cause?.originalCode ?? meta?.driverAdapterError?.cause?.code;
  return typeof sqlState === "string" && /^2[23]/.test(sqlState);
}

/** Why a provider call failed, in words a user can act on (the provider's own code in brackets). */
export function faultInWords(err: unknown): string {
  if (!isProviderError(err)) return lastLine((err as Error)?.message ?? String(err));
  if (err.code === ProviderErrorCode.VERIFICATION_PENDING) return "still checking when we stopped waiting";
  if (err.code === ProviderErrorCode.TIMEOUT) return "no answer in time";
  if (err.code === ProviderErrorCode.UNREACHABLE) return "the service could not be reached";
  if (err.code === ProviderErrorCode.OUTCOME_UNKNOWN) return "the connection broke off";
  if (err.status === 222) return "the address's mail server gave an unexpected answer (HTTP 222, try later)";
  if (err.kind === "rate_limited") return "too many requests at once (rate limited)";
  if (err.status !== undefined && err.status >= 500) return `the service had an error (HTTP ${err.status})`;
  if (err.kind === "bad_response") return "an answer that could not be read";
  return err.message.replace(/^\w+: /, "");
}

/** Database and library errors put the point last, after lines of context. */
function lastLine(message: string): string {
  return (message.trim().split("\n").at(-1) ?? "").trim().slice(0, 300);
}
