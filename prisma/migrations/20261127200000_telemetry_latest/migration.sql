-- The newest value of each meter series (embedded SQL telemetry store): kept by the store's batch insert,
-- read by latest() with a primary-key lookup instead of a scan of the charger's whole history.

-- CreateTable
CREATE TABLE "telemetry_latest" (
    "charger_id" TEXT NOT NULL,
    "measurand" TEXT NOT NULL,
    "evse_id" INTEGER NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "phase" TEXT NOT NULL DEFAULT '',
    "unit" TEXT,
    "value" DOUBLE PRECISION NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "telemetry_latest_pkey" PRIMARY KEY ("charger_id","measurand","evse_id","connector_id","phase")
);

-- What the history holds already: the newest row of each series (the later row when two share a time).
INSERT INTO "telemetry_latest" ("charger_id", "measurand", "evse_id", "connector_id", "phase", "unit", "value", "ts")
SELECT DISTINCT ON ("charger_id", "measurand", "evse_id", "connector_id", COALESCE("phase", ''))
       "charger_id", "measurand", "evse_id", "connector_id", COALESCE("phase", ''), "unit", "value", "ts"
  FROM "telemetry_meter"
 ORDER BY "charger_id", "measurand", "evse_id", "connector_id", COALESCE("phase", ''), "ts" DESC, "id" DESC;
