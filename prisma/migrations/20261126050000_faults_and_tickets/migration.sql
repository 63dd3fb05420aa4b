-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('safety-critical', 'high', 'medium', 'low', 'transient');

-- CreateEnum
CREATE TYPE "TicketType" AS ENUM ('repair', 'consultation', 'installation', 'maintenance', 'complaint');

-- CreateEnum
CREATE TYPE "TicketStatus" AS ENUM ('open', 'remote_action', 'resolved_remotely', 'awaiting_dispatch', 'dispatched', 'on_site', 'testing', 'awaiting_signoff', 'closed', 'escalated', 'cancelled');

-- AlterTable
ALTER TABLE "charger" ADD COLUMN     "site_id" UUID;

-- AlterTable
ALTER TABLE "command" ADD COLUMN     "request_id" INTEGER;

-- CreateTable
CREATE TABLE "site" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fault" (
    "id" BIGSERIAL NOT NULL,
    "charger_id" TEXT NOT NULL,
    "evse_id" INTEGER NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "vendor_id" TEXT,
    "vendor_code" TEXT,
    "info" TEXT,
    "fault_class" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "cleared_at" TIMESTAMPTZ(3),
    "ticket_id" UUID,

    CONSTRAINT "fault_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "type" "TicketType" NOT NULL DEFAULT 'repair',
    "status" "TicketStatus" NOT NULL,
    "charger_id" TEXT,
    "evse_id" INTEGER,
    "connector_id" INTEGER,
    "fault_class" TEXT,
    "severity" "Severity",
    "title" TEXT NOT NULL,
    "diagnosis" JSONB,
    "occurrences" INTEGER NOT NULL DEFAULT 0,
    "open_key" TEXT,
    "first_occurred_at" TIMESTAMPTZ(3),
    "last_occurred_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "reopen_count" INTEGER NOT NULL DEFAULT 0,
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_event" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "detail" JSONB,

    CONSTRAINT "ticket_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "firmware_image" (
    "id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "model" TEXT,
    "uploaded_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "firmware_image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload_slot" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "charger_id" TEXT NOT NULL,
    "command_id" UUID,
    "ticket_id" UUID,
    "max_bytes" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3),
    "file_name" TEXT,
    "size_bytes" INTEGER,
    "sha256" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upload_slot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "charger_site_id_idx" ON "charger"("site_id");

-- CreateIndex
CREATE INDEX "command_ticket_id_idx" ON "command"("ticket_id");

-- CreateIndex
CREATE INDEX "fault_charger_id_fault_class_reported_at_idx" ON "fault"("charger_id", "fault_class", "reported_at");

-- CreateIndex
CREATE INDEX "fault_ticket_id_idx" ON "fault"("ticket_id");

-- CreateIndex
CREATE INDEX "fault_reported_at_idx" ON "fault"("reported_at");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_number_key" ON "ticket"("number");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_open_key_key" ON "ticket"("open_key");

-- CreateIndex
CREATE INDEX "ticket_status_idx" ON "ticket"("status");

-- CreateIndex
CREATE INDEX "ticket_charger_id_created_at_idx" ON "ticket"("charger_id", "created_at");

-- CreateIndex
CREATE INDEX "ticket_fault_class_idx" ON "ticket"("fault_class");

-- CreateIndex
CREATE INDEX "ticket_event_ticket_id_at_idx" ON "ticket_event"("ticket_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "firmware_image_sha256_key" ON "firmware_image"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "upload_slot_token_hash_key" ON "upload_slot"("token_hash");

-- CreateIndex
CREATE INDEX "upload_slot_charger_id_created_at_idx" ON "upload_slot"("charger_id", "created_at");

-- CreateIndex
CREATE INDEX "upload_slot_ticket_id_idx" ON "upload_slot"("ticket_id");

-- AddForeignKey
ALTER TABLE "charger" ADD CONSTRAINT "charger_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "command" ADD CONSTRAINT "command_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fault" ADD CONSTRAINT "fault_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fault" ADD CONSTRAINT "fault_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
