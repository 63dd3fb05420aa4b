-- CreateEnum
CREATE TYPE "TicketPriority" AS ENUM ('urgent', 'high', 'normal', 'low');

-- CreateEnum
CREATE TYPE "CustomerTier" AS ENUM ('standard', 'premium', 'key_account');

-- CreateEnum
CREATE TYPE "ContactChannel" AS ENUM ('phone', 'email', 'chat', 'web', 'visit');

-- CreateEnum
CREATE TYPE "SignerRole" AS ENUM ('customer', 'technician');

-- CreateEnum
CREATE TYPE "StockMovementKind" AS ENUM ('goods_in', 'goods_in_rejected', 'goods_out', 'returned', 'count_adjustment');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TicketStatus" ADD VALUE 'routed';
ALTER TYPE "TicketStatus" ADD VALUE 'acknowledged';
ALTER TYPE "TicketStatus" ADD VALUE 'investigating';
ALTER TYPE "TicketStatus" ADD VALUE 'plan_shared';
ALTER TYPE "TicketStatus" ADD VALUE 'follow_up';
ALTER TYPE "TicketStatus" ADD VALUE 'scheduled';
ALTER TYPE "TicketStatus" ADD VALUE 'installed';
ALTER TYPE "TicketStatus" ADD VALUE 'commissioned';
ALTER TYPE "TicketStatus" ADD VALUE 'trained';

-- AlterTable
ALTER TABLE "site" ADD COLUMN     "customer_id" UUID,
ADD COLUMN     "environment" TEXT[];

-- AlterTable
ALTER TABLE "ticket" ADD COLUMN     "assignee_id" UUID,
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "customer_id" UUID,
ADD COLUMN     "priority" "TicketPriority" NOT NULL DEFAULT 'normal',
ADD COLUMN     "site_id" UUID;

-- CreateTable
CREATE TABLE "customer" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contact_name" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "address" TEXT,
    "tier" "CustomerTier" NOT NULL DEFAULT 'standard',
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_notice" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" UUID,
    "ticket_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sent_by" TEXT NOT NULL,

    CONSTRAINT "customer_notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_order" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "engineer_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "tools" TEXT[],
    "planned_parts" JSONB NOT NULL DEFAULT '[]',
    "checklist" JSONB NOT NULL DEFAULT '[]',
    "arrived_at" TIMESTAMPTZ(3),
    "inspection_notes" TEXT,
    "actions" TEXT[],
    "safety_checklist" JSONB,
    "completed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "work_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_test" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "work_order_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "notes" TEXT,
    "checks" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "ticket_test_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signoff" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "role" "SignerRole" NOT NULL,
    "name" TEXT NOT NULL,
    "image_type" TEXT NOT NULL,
    "image" BYTEA NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "signoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consultation" (
    "ticket_id" UUID NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "contact_name" TEXT NOT NULL,
    "contact_phone" TEXT,
    "contact_email" TEXT,
    "content" TEXT NOT NULL,
    "routed_to" UUID,
    "promised_reply_by" TIMESTAMPTZ(3),
    "answer" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by" TEXT,

    CONSTRAINT "consultation_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateTable
CREATE TABLE "complaint" (
    "ticket_id" UUID NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "contact_name" TEXT NOT NULL,
    "contact_phone" TEXT,
    "contact_email" TEXT,
    "content" TEXT NOT NULL,
    "related_ticket_id" UUID,
    "staff_id" UUID,
    "apology" TEXT,
    "promise" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "cause" TEXT,
    "responsible_party" TEXT,
    "investigated_at" TIMESTAMPTZ(3),
    "investigated_by" TEXT,
    "satisfied_at" TIMESTAMPTZ(3),

    CONSTRAINT "complaint_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateTable
CREATE TABLE "complaint_plan" (
    "id" UUID NOT NULL,
    "complaint_id" UUID NOT NULL,
    "measures" TEXT[],
    "owner_id" UUID NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "shared_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "complaint_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint_follow_up" (
    "id" BIGSERIAL NOT NULL,
    "complaint_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "notes" TEXT,
    "satisfaction" INTEGER NOT NULL,
    "satisfied" BOOLEAN NOT NULL,

    CONSTRAINT "complaint_follow_up_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_calendar" (
    "id" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "workdays" INTEGER[],
    "open_minute" INTEGER NOT NULL,
    "close_minute" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_calendar_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holiday" (
    "calendar_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "holiday_pkey" PRIMARY KEY ("calendar_id","date")
);

-- CreateTable
CREATE TABLE "sla_policy" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "ticket_type" "TicketType" NOT NULL,
    "priority" "TicketPriority",
    "tier" "CustomerTier",
    "response_minutes" INTEGER NOT NULL,
    "resolution_minutes" INTEGER NOT NULL,
    "warn_percent" INTEGER NOT NULL DEFAULT 80,
    "calendar_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_sla" (
    "ticket_id" UUID NOT NULL,
    "policy_id" UUID,
    "calendar_id" TEXT NOT NULL,
    "response_minutes" INTEGER NOT NULL,
    "resolution_minutes" INTEGER NOT NULL,
    "warn_percent" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "responded_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "response_warned_at" TIMESTAMPTZ(3),
    "response_breached_at" TIMESTAMPTZ(3),
    "resolution_warned_at" TIMESTAMPTZ(3),
    "resolution_breached_at" TIMESTAMPTZ(3),

    CONSTRAINT "ticket_sla_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateTable
CREATE TABLE "sla_pause" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "sla_pause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supplier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_evaluation" (
    "id" BIGSERIAL NOT NULL,
    "supplier_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "period" TEXT NOT NULL,
    "quality" INTEGER NOT NULL,
    "delivery" INTEGER NOT NULL,
    "service" INTEGER NOT NULL,
    "notes" TEXT,
    "evaluated_by" TEXT NOT NULL,

    CONSTRAINT "supplier_evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "part" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" TEXT,
    "compatible_models" TEXT[],
    "location" TEXT,
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "reorder_point" INTEGER NOT NULL DEFAULT 0,
    "reorder_quantity" INTEGER NOT NULL DEFAULT 1,
    "unit_cost_cents" INTEGER,
    "approved" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "part_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_movement" (
    "id" BIGSERIAL NOT NULL,
    "part_id" UUID NOT NULL,
    "kind" "StockMovementKind" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "rejected_quantity" INTEGER NOT NULL DEFAULT 0,
    "balance_after" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "work_order_id" UUID,
    "supplier_id" UUID,
    "inspection_passed" BOOLEAN,
    "inspection_notes" TEXT,
    "receiver_id" UUID,
    "receiver_name" TEXT,
    "receiver_signature" BYTEA,
    "count_id" UUID,
    "note" TEXT,

    CONSTRAINT "stock_movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_count" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "stock_count_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_count_line" (
    "count_id" UUID NOT NULL,
    "part_id" UUID NOT NULL,
    "expected" INTEGER NOT NULL,
    "counted" INTEGER NOT NULL,

    CONSTRAINT "stock_count_line_pkey" PRIMARY KEY ("count_id","part_id")
);

-- CreateIndex
CREATE INDEX "site_customer_id_idx" ON "site"("customer_id");

-- CreateIndex
CREATE INDEX "ticket_customer_id_created_at_idx" ON "ticket"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "ticket_type_status_idx" ON "ticket"("type", "status");

-- CreateIndex
CREATE INDEX "customer_name_idx" ON "customer"("name");

-- CreateIndex
CREATE INDEX "customer_notice_customer_id_at_idx" ON "customer_notice"("customer_id", "at");

-- CreateIndex
CREATE INDEX "customer_notice_ticket_id_idx" ON "customer_notice"("ticket_id");

-- CreateIndex
CREATE UNIQUE INDEX "work_order_number_key" ON "work_order"("number");

-- CreateIndex
CREATE INDEX "work_order_ticket_id_idx" ON "work_order"("ticket_id");

-- CreateIndex
CREATE INDEX "work_order_engineer_id_window_start_idx" ON "work_order"("engineer_id", "window_start");

-- CreateIndex
CREATE INDEX "ticket_test_ticket_id_at_idx" ON "ticket_test"("ticket_id", "at");

-- CreateIndex
CREATE INDEX "signoff_ticket_id_signed_at_idx" ON "signoff"("ticket_id", "signed_at");

-- CreateIndex
CREATE INDEX "consultation_promised_reply_by_idx" ON "consultation"("promised_reply_by");

-- CreateIndex
CREATE INDEX "complaint_staff_id_idx" ON "complaint"("staff_id");

-- CreateIndex
CREATE INDEX "complaint_plan_complaint_id_shared_at_idx" ON "complaint_plan"("complaint_id", "shared_at");

-- CreateIndex
CREATE INDEX "complaint_follow_up_complaint_id_at_idx" ON "complaint_follow_up"("complaint_id", "at");

-- CreateIndex
CREATE INDEX "sla_policy_ticket_type_idx" ON "sla_policy"("ticket_type");

-- CreateIndex
CREATE INDEX "ticket_sla_resolved_at_idx" ON "ticket_sla"("resolved_at");

-- CreateIndex
CREATE INDEX "sla_pause_ticket_id_started_at_idx" ON "sla_pause"("ticket_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "supplier_name_key" ON "supplier"("name");

-- CreateIndex
CREATE INDEX "supplier_evaluation_supplier_id_at_idx" ON "supplier_evaluation"("supplier_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "part_sku_key" ON "part"("sku");

-- CreateIndex
CREATE INDEX "part_name_idx" ON "part"("name");

-- CreateIndex
CREATE INDEX "stock_movement_part_id_at_idx" ON "stock_movement"("part_id", "at");

-- CreateIndex
CREATE INDEX "stock_movement_work_order_id_idx" ON "stock_movement"("work_order_id");

-- CreateIndex
CREATE INDEX "stock_movement_supplier_id_at_idx" ON "stock_movement"("supplier_id", "at");

-- AddForeignKey
ALTER TABLE "site" ADD CONSTRAINT "site_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_notice" ADD CONSTRAINT "customer_notice_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_notice" ADD CONSTRAINT "customer_notice_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_test" ADD CONSTRAINT "ticket_test_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signoff" ADD CONSTRAINT "signoff_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_plan" ADD CONSTRAINT "complaint_plan_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaint"("ticket_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_follow_up" ADD CONSTRAINT "complaint_follow_up_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaint"("ticket_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holiday" ADD CONSTRAINT "holiday_calendar_id_fkey" FOREIGN KEY ("calendar_id") REFERENCES "business_calendar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_sla" ADD CONSTRAINT "ticket_sla_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sla_pause" ADD CONSTRAINT "sla_pause_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket_sla"("ticket_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_evaluation" ADD CONSTRAINT "supplier_evaluation_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_part_id_fkey" FOREIGN KEY ("part_id") REFERENCES "part"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_count_id_fkey" FOREIGN KEY ("count_id") REFERENCES "stock_count"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_part_id_fkey" FOREIGN KEY ("part_id") REFERENCES "part"("id") ON DELETE CASCADE ON UPDATE CASCADE;
