-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "medium" TEXT NOT NULL DEFAULT '';
