-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('active', 'paused');

-- CreateEnum
CREATE TYPE "ProspectStage" AS ENUM ('discovered', 'enriched', 'scored', 'drafted', 'approved', 'sent', 'replied', 'accepted', 'rejected', 'skipped');

-- CreateEnum
CREATE TYPE "OutreachStatus" AS ENUM ('pending', 'sent', 'replied', 'accepted', 'rejected');

-- CreateEnum
CREATE TYPE "ProspectSource" AS ENUM ('serp', 'manual', 'import');

-- CreateEnum
CREATE TYPE "VerificationStatus" AS ENUM ('valid', 'invalid', 'accept_all', 'webmail', 'disposable', 'unknown', 'unverified');

-- CreateEnum
CREATE TYPE "JobType" AS ENUM ('discover', 'enrich', 'score', 'compose', 'send', 'followup', 'sync');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "LogLevel" AS ENUM ('info', 'warn', 'error');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('draft', 'approved', 'sending', 'sent', 'failed', 'bounced');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('unsubscribed', 'bounced', 'complained', 'manual');

-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('dataforseo', 'hunter', 'gemini', 'gmail');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gmail_history_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'active',
    "artist_name" TEXT NOT NULL,
    "portfolio_url" TEXT,
    "statement" TEXT NOT NULL DEFAULT '',
    "keywords" TEXT[],
    "sample_works" JSONB NOT NULL DEFAULT '[]',
    "from_name" TEXT NOT NULL,
    "from_email" TEXT NOT NULL,
    "location_code" INTEGER NOT NULL DEFAULT 2840,
    "language_code" TEXT NOT NULL DEFAULT 'en',
    "search_depth" INTEGER NOT NULL DEFAULT 20,
    "daily_cap" INTEGER NOT NULL DEFAULT 20,
    "send_window_start" INTEGER NOT NULL DEFAULT 9,
    "send_window_end" INTEGER NOT NULL DEFAULT 17,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "min_gap_seconds" INTEGER NOT NULL DEFAULT 120,
    "max_gap_seconds" INTEGER NOT NULL DEFAULT 600,
    "follow_up_delays_days" INTEGER[] DEFAULT ARRAY[4, 7]::INTEGER[],
    "max_follow_ups" INTEGER NOT NULL DEFAULT 2,
    "min_score" INTEGER,
    "auto_approve_score" INTEGER,
    "cooldown_days" INTEGER NOT NULL DEFAULT 90,
    "subject_template" TEXT,
    "body_template" TEXT,
    "follow_up_template" TEXT,
    "sending_paused_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prospects" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "campaign_id" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "page_url" TEXT,
    "page_title" TEXT,
    "page_description" TEXT,
    "contact_email" TEXT,
    "contact_method" TEXT,
    "da_est" INTEGER,
    "score" DOUBLE PRECISION,
    "outreach_status" "OutreachStatus" NOT NULL DEFAULT 'pending',
    "last_sent" TIMESTAMPTZ(3),
    "followups_sent" INTEGER NOT NULL DEFAULT 0,
    "dataforseo_payload" JSONB,
    "hunter_payload" JSONB,
    "crawl_data" JSONB,
    "stage" "ProspectStage" NOT NULL DEFAULT 'discovered',
    "score_breakdown" JSONB,
    "skip_reason" TEXT,
    "source" "ProspectSource" NOT NULL DEFAULT 'serp',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prospects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "prospect_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "position" TEXT,
    "type" TEXT,
    "confidence" INTEGER,
    "verification" "VerificationStatus" NOT NULL DEFAULT 'unverified',
    "source" TEXT NOT NULL DEFAULT 'hunter',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "campaign_id" UUID,
    "parent_id" UUID,
    "job_type" "JobType" NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "JobStatus" NOT NULL DEFAULT 'pending',
    "result" JSONB,
    "error_message" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queue_job_id" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" UUID NOT NULL,
    "level" "LogLevel" NOT NULL DEFAULT 'info',
    "message" TEXT NOT NULL,
    "progress" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "prospect_id" UUID NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "status" "EmailStatus" NOT NULL DEFAULT 'draft',
    "to_email" TEXT,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "draft_source" TEXT NOT NULL DEFAULT 'manual',
    "response" TEXT,
    "gmail_message_id" TEXT,
    "gmail_thread_id" TEXT,
    "rfc_message_id" TEXT,
    "error" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "claimed_at" TIMESTAMPTZ(3),
    "scheduled_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppressions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppressions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_calls" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID,
    "campaign_id" UUID,
    "job_id" UUID,
    "provider" "Provider" NOT NULL,
    "operation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cost" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "latency_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "campaign_id" UUID,
    "provider" "Provider",
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "campaigns_user_id_created_at_idx" ON "campaigns"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "prospects_campaign_id_stage_idx" ON "prospects"("campaign_id", "stage");

-- CreateIndex
CREATE INDEX "prospects_campaign_id_outreach_status_idx" ON "prospects"("campaign_id", "outreach_status");

-- CreateIndex
CREATE INDEX "prospects_campaign_id_score_idx" ON "prospects"("campaign_id", "score");

-- CreateIndex
CREATE INDEX "prospects_campaign_id_created_at_idx" ON "prospects"("campaign_id", "created_at");

-- CreateIndex
CREATE INDEX "prospects_campaign_id_last_sent_idx" ON "prospects"("campaign_id", "last_sent");

-- CreateIndex
CREATE INDEX "prospects_domain_idx" ON "prospects"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "prospects_campaign_id_domain_key" ON "prospects"("campaign_id", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "contacts_prospect_id_email_key" ON "contacts"("prospect_id", "email");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_queue_job_id_key" ON "jobs"("queue_job_id");

-- CreateIndex
CREATE INDEX "jobs_user_id_status_created_at_idx" ON "jobs"("user_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "jobs_user_id_job_type_created_at_idx" ON "jobs"("user_id", "job_type", "created_at");

-- CreateIndex
CREATE INDEX "jobs_campaign_id_created_at_idx" ON "jobs"("campaign_id", "created_at");

-- CreateIndex
CREATE INDEX "jobs_parent_id_idx" ON "jobs"("parent_id");

-- CreateIndex
CREATE INDEX "job_events_job_id_created_at_idx" ON "job_events"("job_id", "created_at");

-- CreateIndex
CREATE INDEX "email_logs_status_scheduled_at_idx" ON "email_logs"("status", "scheduled_at");

-- CreateIndex
CREATE INDEX "email_logs_gmail_thread_id_idx" ON "email_logs"("gmail_thread_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_logs_prospect_id_step_key" ON "email_logs"("prospect_id", "step");

-- CreateIndex
CREATE UNIQUE INDEX "suppressions_user_id_value_key" ON "suppressions"("user_id", "value");

-- CreateIndex
CREATE INDEX "provider_calls_campaign_id_provider_idx" ON "provider_calls"("campaign_id", "provider");

-- CreateIndex
CREATE INDEX "provider_calls_user_id_created_at_idx" ON "provider_calls"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "provider_calls_job_id_idx" ON "provider_calls"("job_id");

-- CreateIndex
CREATE INDEX "alerts_user_id_resolved_at_idx" ON "alerts"("user_id", "resolved_at");

-- CreateIndex
CREATE INDEX "audit_events_user_id_created_at_idx" ON "audit_events"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_logs" ADD CONSTRAINT "email_logs_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_calls" ADD CONSTRAINT "provider_calls_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_calls" ADD CONSTRAINT "provider_calls_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
