-- CreateEnum
CREATE TYPE "OcppVersion" AS ENUM ('1.6', '2.0.1', '2.1');

-- CreateEnum
CREATE TYPE "Registration" AS ENUM ('accepted', 'pending', 'rejected');

-- CreateEnum
CREATE TYPE "CommandStatus" AS ENUM ('queued', 'sent', 'accepted', 'in_progress', 'succeeded', 'rejected', 'failed', 'timed_out', 'expired');

-- CreateTable
CREATE TABLE "charger" (
    "id" TEXT NOT NULL,
    "vendor" TEXT,
    "model" TEXT,
    "serial_number" TEXT,
    "firmware_version" TEXT,
    "ocpp_version" "OcppVersion",
    "security_profile" INTEGER NOT NULL DEFAULT 1,
    "password_hash" TEXT,
    "registration" "Registration" NOT NULL DEFAULT 'accepted',
    "heartbeat_interval_s" INTEGER,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "first_seen_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "last_boot_at" TIMESTAMPTZ(3),
    "last_boot_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "charger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connector" (
    "id" SERIAL NOT NULL,
    "charger_id" TEXT NOT NULL,
    "evse_id" INTEGER NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error_code" TEXT,
    "vendor_id" TEXT,
    "vendor_error_code" TEXT,
    "info" TEXT,
    "status_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "charger_connection" (
    "id" UUID NOT NULL,
    "charger_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "remote_address" TEXT,
    "connected_at" TIMESTAMPTZ(3) NOT NULL,
    "disconnected_at" TIMESTAMPTZ(3),
    "close_code" INTEGER,
    "close_reason" TEXT,

    CONSTRAINT "charger_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "command" (
    "id" UUID NOT NULL,
    "charger_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "CommandStatus" NOT NULL,
    "requested_by" TEXT NOT NULL,
    "ticket_id" UUID,
    "result" JSONB,
    "error" TEXT,
    "progress" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "command_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "command_event" (
    "id" BIGSERIAL NOT NULL,
    "command_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "CommandStatus" NOT NULL,
    "detail" JSONB,

    CONSTRAINT "command_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transaction" (
    "id" SERIAL NOT NULL,
    "charger_id" TEXT NOT NULL,
    "ocpp_transaction_id" TEXT,
    "evse_id" INTEGER NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "id_token" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "stopped_at" TIMESTAMPTZ(3),
    "meter_start_wh" DOUBLE PRECISION,
    "meter_stop_wh" DOUBLE PRECISION,
    "stop_reason" TEXT,

    CONSTRAINT "transaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_meter" (
    "id" BIGSERIAL NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "charger_id" TEXT NOT NULL,
    "evse_id" INTEGER NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "measurand" TEXT NOT NULL,
    "phase" TEXT,
    "unit" TEXT,
    "location" TEXT,
    "context" TEXT,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "telemetry_meter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_status" (
    "id" BIGSERIAL NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "charger_id" TEXT NOT NULL,
    "evse_id" INTEGER NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error_code" TEXT,

    CONSTRAINT "telemetry_status_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_connection" (
    "id" BIGSERIAL NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "charger_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "telemetry_connection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "charger_online_idx" ON "charger"("online");

-- CreateIndex
CREATE INDEX "charger_model_idx" ON "charger"("model");

-- CreateIndex
CREATE INDEX "connector_status_idx" ON "connector"("status");

-- CreateIndex
CREATE UNIQUE INDEX "connector_charger_id_evse_id_connector_id_key" ON "connector"("charger_id", "evse_id", "connector_id");

-- CreateIndex
CREATE INDEX "charger_connection_charger_id_connected_at_idx" ON "charger_connection"("charger_id", "connected_at");

-- CreateIndex
CREATE INDEX "command_charger_id_requested_at_idx" ON "command"("charger_id", "requested_at");

-- CreateIndex
CREATE INDEX "command_status_idx" ON "command"("status");

-- CreateIndex
CREATE INDEX "command_event_command_id_at_idx" ON "command_event"("command_id", "at");

-- CreateIndex
CREATE INDEX "transaction_charger_id_stopped_at_idx" ON "transaction"("charger_id", "stopped_at");

-- CreateIndex
CREATE UNIQUE INDEX "transaction_charger_id_ocpp_transaction_id_key" ON "transaction"("charger_id", "ocpp_transaction_id");

-- CreateIndex
CREATE INDEX "telemetry_meter_charger_id_measurand_ts_idx" ON "telemetry_meter"("charger_id", "measurand", "ts");

-- CreateIndex
CREATE INDEX "telemetry_meter_ts_idx" ON "telemetry_meter"("ts");

-- CreateIndex
CREATE INDEX "telemetry_status_charger_id_ts_idx" ON "telemetry_status"("charger_id", "ts");

-- CreateIndex
CREATE INDEX "telemetry_connection_charger_id_ts_idx" ON "telemetry_connection"("charger_id", "ts");

-- AddForeignKey
ALTER TABLE "connector" ADD CONSTRAINT "connector_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "charger_connection" ADD CONSTRAINT "charger_connection_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "command" ADD CONSTRAINT "command_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "command_event" ADD CONSTRAINT "command_event_command_id_fkey" FOREIGN KEY ("command_id") REFERENCES "command"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transaction" ADD CONSTRAINT "transaction_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
