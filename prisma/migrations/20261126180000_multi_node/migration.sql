-- AlterTable
ALTER TABLE "fault" ADD COLUMN     "source_event_id" UUID;

-- CreateTable
CREATE TABLE "processed_event" (
    "event_id" UUID NOT NULL,
    "handler" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("event_id","handler")
);

-- CreateIndex
CREATE INDEX "processed_event_at_idx" ON "processed_event"("at");

-- CreateIndex
CREATE UNIQUE INDEX "fault_source_event_id_key" ON "fault"("source_event_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_subscription_id_event_id_key" ON "webhook_delivery"("subscription_id", "event_id");
