-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "verification_note" TEXT;

-- AlterTable
ALTER TABLE "email_logs" ADD COLUMN     "fallback_reason" TEXT;

-- AlterTable
ALTER TABLE "prospects" ADD COLUMN     "enrich_notes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "enriched_at" TIMESTAMPTZ(3);
