import { createHash } from "node:crypto";

/** A UUID derived from its parts: the same work always gets the same Job row id (and BullMQ id). */
export function deterministicUuid(...parts: (string | number)[]): string {
  const h = createHash("sha256").update(`outreach.delivery:${parts.join(":")}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
