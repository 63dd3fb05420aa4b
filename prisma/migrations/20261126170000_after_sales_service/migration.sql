-- CreateEnum
CREATE TYPE "CostCategory" AS ENUM ('labour', 'parts', 'travel', 'other');

-- CreateEnum
CREATE TYPE "CostStatus" AS ENUM ('approved', 'pending_approval', 'rejected');

-- CreateTable
CREATE TABLE "model_checklist" (
    "id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "items" TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_checklist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "installation" (
    "ticket_id" UUID NOT NULL,
    "charger_id" TEXT NOT NULL,
    "model" TEXT,
    "scheduled_start" TIMESTAMPTZ(3) NOT NULL,
    "scheduled_end" TIMESTAMPTZ(3) NOT NULL,
    "installer_id" UUID NOT NULL,
    "checklist" JSONB NOT NULL DEFAULT '[]',
    "installed_at" TIMESTAMPTZ(3),
    "commissioned_at" TIMESTAMPTZ(3),
    "trained_at" TIMESTAMPTZ(3),
    "trainee_name" TEXT,
    "training_topics" TEXT[],

    CONSTRAINT "installation_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateTable
CREATE TABLE "maintenance_plan" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "charger_id" TEXT,
    "model" TEXT,
    "interval_days" INTEGER NOT NULL,
    "energy_kwh_per_service" DOUBLE PRECISION,
    "sessions_per_service" INTEGER,
    "lead_days" INTEGER NOT NULL DEFAULT 14,
    "checklist" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenance_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenance_visit" (
    "ticket_id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "charger_id" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "checklist" JSONB NOT NULL DEFAULT '[]',
    "findings" JSONB,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "maintenance_visit_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateTable
CREATE TABLE "cost_entry" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "category" "CostCategory" NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "minutes" INTEGER,
    "distance_km" DOUBLE PRECISION,
    "description" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "status" "CostStatus" NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "cost_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "category" "CostCategory" NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "score" INTEGER,
    "comment" TEXT,

    CONSTRAINT "survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_certification" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "models" TEXT[],
    "issued_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_certification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_plan_item" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "user_id" UUID,
    "category" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "due_by" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_plan_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_record" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "plan_item_id" UUID,
    "category" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL,
    "hours" DOUBLE PRECISION,
    "result" TEXT,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "training_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_assessment" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "kpis" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "notes" TEXT,
    "assessed_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "technical_document" (
    "id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "technical_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "technical_document_version" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "technical_document_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_checklist_model_kind_key" ON "model_checklist"("model", "kind");

-- CreateIndex
CREATE INDEX "installation_charger_id_idx" ON "installation"("charger_id");

-- CreateIndex
CREATE INDEX "maintenance_plan_charger_id_idx" ON "maintenance_plan"("charger_id");

-- CreateIndex
CREATE INDEX "maintenance_plan_model_idx" ON "maintenance_plan"("model");

-- CreateIndex
CREATE INDEX "maintenance_visit_plan_id_charger_id_idx" ON "maintenance_visit"("plan_id", "charger_id");

-- CreateIndex
CREATE INDEX "maintenance_visit_charger_id_completed_at_idx" ON "maintenance_visit"("charger_id", "completed_at");

-- CreateIndex
CREATE INDEX "cost_entry_ticket_id_idx" ON "cost_entry"("ticket_id");

-- CreateIndex
CREATE INDEX "cost_entry_category_at_idx" ON "cost_entry"("category", "at");

-- CreateIndex
CREATE UNIQUE INDEX "budget_year_category_key" ON "budget"("year", "category");

-- CreateIndex
CREATE UNIQUE INDEX "survey_ticket_id_key" ON "survey"("ticket_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_token_hash_key" ON "survey"("token_hash");

-- CreateIndex
CREATE INDEX "survey_answered_at_idx" ON "survey"("answered_at");

-- CreateIndex
CREATE INDEX "staff_certification_user_id_idx" ON "staff_certification"("user_id");

-- CreateIndex
CREATE INDEX "staff_certification_code_expires_at_idx" ON "staff_certification"("code", "expires_at");

-- CreateIndex
CREATE INDEX "training_plan_item_year_user_id_idx" ON "training_plan_item"("year", "user_id");

-- CreateIndex
CREATE INDEX "training_record_user_id_completed_at_idx" ON "training_record"("user_id", "completed_at");

-- CreateIndex
CREATE INDEX "staff_assessment_user_id_period_end_idx" ON "staff_assessment"("user_id", "period_end");

-- CreateIndex
CREATE INDEX "technical_document_model_idx" ON "technical_document"("model");

-- CreateIndex
CREATE UNIQUE INDEX "technical_document_version_document_id_version_key" ON "technical_document_version"("document_id", "version");

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_visit" ADD CONSTRAINT "maintenance_visit_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_visit" ADD CONSTRAINT "maintenance_visit_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "maintenance_plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cost_entry" ADD CONSTRAINT "cost_entry_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_record" ADD CONSTRAINT "training_record_plan_item_id_fkey" FOREIGN KEY ("plan_item_id") REFERENCES "training_plan_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "technical_document_version" ADD CONSTRAINT "technical_document_version_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "technical_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
