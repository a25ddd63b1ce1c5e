-- CreateEnum
CREATE TYPE "PlacementStatus" AS ENUM ('live', 'lost');

-- CreateEnum
CREATE TYPE "PlacementMatch" AS ENUM ('links_to_portfolio', 'names_artist');

-- CreateEnum
CREATE TYPE "PlacementSource" AS ENUM ('watch', 'search', 'manual');

-- AlterEnum
ALTER TYPE "ProspectStage" ADD VALUE 'published';

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "placement_id" UUID;

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "placement_search" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "prospects" ADD COLUMN     "search_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "watch_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "watch_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "placements" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "prospect_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "site" TEXT NOT NULL,
    "title" TEXT,
    "found_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "match" "PlacementMatch" NOT NULL,
    "source" "PlacementSource" NOT NULL,
    "rel" TEXT,
    "previous_rel" TEXT,
    "rel_changed_at" TIMESTAMPTZ(3),
    "anchor_text" TEXT,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "status" "PlacementStatus" NOT NULL DEFAULT 'live',
    "lost_at" TIMESTAMPTZ(3),
    "lost_reason" TEXT,
    "last_checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_count" INTEGER NOT NULL DEFAULT 1,
    "last_check_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "placements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "placements_campaign_id_status_found_at_idx" ON "placements"("campaign_id", "status", "found_at");

-- CreateIndex
CREATE INDEX "placements_status_last_checked_at_idx" ON "placements"("status", "last_checked_at");

-- CreateIndex
CREATE UNIQUE INDEX "placements_prospect_id_url_key" ON "placements"("prospect_id", "url");

-- CreateIndex
CREATE INDEX "prospects_watch_until_idx" ON "prospects"("watch_until");

-- AddForeignKey
ALTER TABLE "placements" ADD CONSTRAINT "placements_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placements" ADD CONSTRAINT "placements_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_placement_id_fkey" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
