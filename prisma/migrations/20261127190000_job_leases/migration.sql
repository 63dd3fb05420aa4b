-- AlterTable
ALTER TABLE "bulk_command_job" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "owner_node" TEXT;

-- AlterTable
ALTER TABLE "firmware_campaign" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "owner_node" TEXT;

-- CreateIndex
CREATE INDEX "bulk_command_job_status_idx" ON "bulk_command_job"("status");
