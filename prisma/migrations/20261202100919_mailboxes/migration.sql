/*
  Warnings:

  - You are about to drop the column `gmail_history_id` on the `users` table. All the data in the column will be lost.

*/
-- CreateEnum
CREATE TYPE "MailboxStatus" AS ENUM ('connected', 'needs_reconnect', 'disconnected');

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "mailbox_id" UUID;

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "mailbox_id" UUID;

-- AlterTable
ALTER TABLE "email_logs" ADD COLUMN     "mailbox_id" UUID;

-- AlterTable
ALTER TABLE "users" DROP COLUMN "gmail_history_id";

-- CreateTable
CREATE TABLE "mailboxes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "provider" "Provider" NOT NULL DEFAULT 'gmail',
    "address" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "send_as" JSONB NOT NULL DEFAULT '[]',
    "refresh_token_enc" TEXT,
    "granted_scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "MailboxStatus" NOT NULL DEFAULT 'connected',
    "status_reason" TEXT,
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gmail_history_id" TEXT,
    "last_synced_at" TIMESTAMPTZ(3),
    "quota_reset_at" TIMESTAMPTZ(3),
    "daily_cap" INTEGER NOT NULL DEFAULT 50,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailboxes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unmatched_inbound" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mailbox_id" UUID NOT NULL,
    "gmail_message_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "from_address" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "failed_recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "received_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unmatched_inbound_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mailboxes_status_idx" ON "mailboxes"("status");

-- CreateIndex
CREATE UNIQUE INDEX "mailboxes_user_id_address_key" ON "mailboxes"("user_id", "address");

-- CreateIndex
CREATE UNIQUE INDEX "unmatched_inbound_mailbox_id_gmail_message_id_key" ON "unmatched_inbound"("mailbox_id", "gmail_message_id");

-- CreateIndex
CREATE INDEX "campaigns_mailbox_id_idx" ON "campaigns"("mailbox_id");

-- CreateIndex
CREATE INDEX "email_logs_mailbox_id_sent_at_idx" ON "email_logs"("mailbox_id", "sent_at");

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_logs" ADD CONSTRAINT "email_logs_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unmatched_inbound" ADD CONSTRAINT "unmatched_inbound_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
