-- CreateEnum
CREATE TYPE "BulkJobStatus" AS ENUM ('running', 'completed', 'interrupted');

-- CreateEnum
CREATE TYPE "BulkItemStatus" AS ENUM ('pending', 'sent', 'accepted', 'failed', 'offline');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('running', 'paused', 'halted', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "CampaignItemStatus" AS ENUM ('pending', 'sent', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "bulk_command_job" (
    "id" UUID NOT NULL,
    "command" JSONB NOT NULL,
    "filter" JSONB NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "status" "BulkJobStatus" NOT NULL DEFAULT 'running',
    "requested_by" TEXT NOT NULL,
    "requester" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_command_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_command_item" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "charger_id" TEXT NOT NULL,
    "status" "BulkItemStatus" NOT NULL DEFAULT 'pending',
    "command_id" UUID,
    "command_status" TEXT,
    "error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bulk_command_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "firmware_campaign" (
    "id" UUID NOT NULL,
    "image_id" UUID NOT NULL,
    "firmware_url" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "canary_percent" INTEGER NOT NULL,
    "wave_size" INTEGER NOT NULL,
    "pause_s" INTEGER NOT NULL,
    "max_failure_rate" DOUBLE PRECISION NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'running',
    "status_reason" TEXT,
    "current_wave" INTEGER NOT NULL DEFAULT 0,
    "waves" INTEGER NOT NULL,
    "next_wave_at" TIMESTAMPTZ(3),
    "requested_by" TEXT NOT NULL,
    "requester" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "firmware_campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "firmware_campaign_item" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" UUID NOT NULL,
    "charger_id" TEXT NOT NULL,
    "wave" INTEGER NOT NULL,
    "status" "CampaignItemStatus" NOT NULL DEFAULT 'pending',
    "command_id" UUID,
    "error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "firmware_campaign_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_command_job_created_at_idx" ON "bulk_command_job"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "bulk_command_item_job_id_charger_id_key" ON "bulk_command_item"("job_id", "charger_id");

-- CreateIndex
CREATE INDEX "firmware_campaign_status_idx" ON "firmware_campaign"("status");

-- CreateIndex
CREATE INDEX "firmware_campaign_item_campaign_id_wave_idx" ON "firmware_campaign_item"("campaign_id", "wave");

-- CreateIndex
CREATE INDEX "firmware_campaign_item_command_id_idx" ON "firmware_campaign_item"("command_id");

-- CreateIndex
CREATE UNIQUE INDEX "firmware_campaign_item_campaign_id_charger_id_key" ON "firmware_campaign_item"("campaign_id", "charger_id");

-- AddForeignKey
ALTER TABLE "bulk_command_item" ADD CONSTRAINT "bulk_command_item_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "bulk_command_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firmware_campaign_item" ADD CONSTRAINT "firmware_campaign_item_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "firmware_campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
