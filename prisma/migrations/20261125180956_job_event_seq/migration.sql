-- DropIndex
DROP INDEX "job_events_job_id_created_at_idx";

-- AlterTable
ALTER TABLE "job_events" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "job_events_job_id_seq_idx" ON "job_events"("job_id", "seq");
