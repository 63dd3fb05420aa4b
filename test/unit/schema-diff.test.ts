import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgliteSession } from '../../core/db/migration-session.ts';
import { schemaDrift } from '../support/schema-diff.ts';

// Proves the schema-drift test can fail, and says exactly why: the comparison runs against an in-process
// PGlite built from deliberately wrong SQL.

const ROOT = resolve(import.meta.dirname, '../..');
let prismaSchema: string;
let initSql: string;
/** the migrations after the first, applied unchanged after each (possibly mutated) init script */
let laterSql: string;
const open: PGlite[] = [];

beforeAll(async () => {
  prismaSchema = await readFile(resolve(ROOT, 'prisma/schema.prisma'), 'utf8');
  const dirs = (await readdir(resolve(ROOT, 'prisma/migrations'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const scripts = await Promise.all(dirs.map((d) => readFile(resolve(ROOT, 'prisma/migrations', d, 'migration.sql'), 'utf8')));
  initSql = scripts[0]!;
  laterSql = scripts.slice(1).join('\n');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

async function driftAfter(sql: string, schema = prismaSchema, later = schema === prismaSchema ? laterSql : ''): Promise<string[]> {
  const db = await PGlite.create();
  open.push(db);
  await db.exec(`${sql}\n${later}`);
  return schemaDrift(schema, pgliteSession(db));
}

/** Replaces exactly one occurrence, so a change in the real migration cannot turn a case into a no-op. */
function mutate(sql: string, from: string, to: string): string {
  const at = sql.indexOf(from);
  if (at < 0 || sql.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)} in the migration`);
  return sql.slice(0, at) + to + sql.slice(at + from.length);
}

// Each case boots an in-process PGlite: seconds on a busy machine running suites in parallel.
describe('schemaDrift', { timeout: 60_000 }, () => {
  it('finds nothing when the database is the real migration', async () => {
    expect(await driftAfter(initSql)).toEqual([]);
  });

  it('reports every deliberate difference, one exact line each', async () => {
    let sql = initSql;
    sql = mutate(sql, '    "vendor" TEXT,\n', '');
    sql = mutate(sql, '"online" BOOLEAN NOT NULL DEFAULT false', '"online" BOOLEAN DEFAULT true');
    sql = mutate(sql, '"result" JSONB,', '"result" JSON,\n    "debug" TEXT,');
    sql = mutate(sql, '"meter_start_wh" DOUBLE PRECISION,', '"meter_start_wh" REAL,');
    sql = mutate(sql, `'accepted', 'pending', 'rejected'`, `'accepted', 'rejected', 'banned'`);
    sql = mutate(sql, 'CREATE INDEX "charger_model_idx" ON "charger"("model");', '');
    sql = mutate(sql, '"transaction"("charger_id", "ocpp_transaction_id")', '"transaction"("ocpp_transaction_id", "charger_id")');
    sql = mutate(sql, 'ALTER TABLE "connector" ADD CONSTRAINT "connector_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE CASCADE',
      'ALTER TABLE "connector" ADD CONSTRAINT "connector_charger_id_fkey" FOREIGN KEY ("charger_id") REFERENCES "charger"("id") ON DELETE RESTRICT');
    sql += '\nCREATE INDEX "charger_serial_number_idx" ON "charger"("serial_number");\nCREATE TABLE "scratch" ("id" INTEGER);\n';

    const differences = await driftAfter(sql);
    expect(differences.sort()).toEqual([
      'column charger.online: schema says NOT NULL, database says nullable',
      'column charger.online: schema says default false, database says default true',
      'column charger.vendor: missing from the database',
      'column command.debug: in the database but not in schema.prisma',
      'column command.result: schema says type jsonb, database says json',
      'column transaction.meter_start_wh: schema says type double precision, database says real',
      'enum Registration: value \'banned\' in the database but not in schema.prisma',
      'enum Registration: value \'pending\' missing from the database',
      'foreign key connector_charger_id_fkey on connector: schema says (charger_id) REFERENCES charger(id) ON DELETE CASCADE ON UPDATE CASCADE, ' +
        'database says (charger_id) REFERENCES charger(id) ON DELETE RESTRICT ON UPDATE CASCADE',
      'index charger_model_idx on charger: missing from the database (schema: INDEX (model))',
      'index charger_serial_number_idx on charger: in the database but not in schema.prisma (INDEX (serial_number))',
      'index transaction_charger_id_ocpp_transaction_id_key on transaction: schema says UNIQUE (charger_id, ocpp_transaction_id), ' +
        'database says UNIQUE (ocpp_transaction_id, charger_id)',
      'table scratch: in the database but not in schema.prisma',
    ].sort());
  });

  it('reports missing tables, enums and foreign keys, and wrong defaults', async () => {
    let sql = initSql;
    sql = mutate(sql, 'CREATE TYPE "OcppVersion" AS ENUM (\'1.6\', \'2.0.1\', \'2.1\');', 'CREATE TYPE "OcppVersion" AS ENUM (\'1.6\', \'2.0.1\', \'2.1\');\nCREATE TYPE "Spare" AS ENUM (\'x\');');
    sql = mutate(sql, '"security_profile" INTEGER NOT NULL DEFAULT 1', '"security_profile" INTEGER NOT NULL DEFAULT 2');
    sql = mutate(sql, `"params" JSONB NOT NULL DEFAULT '{}'`, `"params" JSONB NOT NULL DEFAULT '[]'`);
    sql = mutate(sql, '"id" BIGSERIAL NOT NULL,\n    "command_id"', '"id" BIGINT NOT NULL,\n    "command_id"');
    sql = mutate(sql, '"created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP', '"created_at" TIMESTAMPTZ(6) NOT NULL');
    sql = mutate(sql, /-- CreateTable\nCREATE TABLE "telemetry_connection"[\s\S]*?\);\n/.exec(sql)![0], '');
    sql = mutate(sql, /CREATE INDEX "telemetry_connection_charger_id_ts_idx".*\n/.exec(sql)![0], '');
    sql = mutate(sql, /ALTER TABLE "command_event" ADD CONSTRAINT .*\n/.exec(sql)![0], '');

    expect((await driftAfter(sql)).sort()).toEqual([
      'column charger.created_at: schema says default now(), database says no default',
      'column charger.created_at: schema says type timestamp(3) with time zone, database says timestamp(6) with time zone',
      'column charger.security_profile: schema says default 1, database says default 2',
      'column command.params: schema says default {}, database says default []',
      'column command_event.id: schema says default autoincrement(), database says no default',
      'enum Spare: in the database but not in schema.prisma',
      'foreign key command_event_command_id_fkey on command_event: missing from the database (schema: (command_id) REFERENCES command(id) ON DELETE CASCADE ON UPDATE CASCADE)',
      'table telemetry_connection: missing from the database',
    ].sort());
  });

  it('understands schema features our schema does not use yet (maps, native types, lists, sort order, hash, composite keys)', async () => {
    const schema = `
datasource db {
  provider = "postgresql"
}
enum Level {
  low
  high @map("HIGH")
  @@map("level")
}
model Site {
  code   String   @db.VarChar(12)
  region Int      @db.SmallInt
  name   String   @unique(map: "site_name_unique")
  level  Level    @default(high)
  score  Decimal  @default(1.5)
  price  Decimal  @db.Decimal(10, 2)
  ratio  Float    @default(-0.25)
  tags   String[]
  note   String   @default("it's")
  born   DateTime @db.Date
  at     DateTime @default(dbgenerated("now()"))
  ref    String   @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  meta   Json     @default("{\\"b\\":1,\\"a\\":[true,null]}")
  bays   Bay[]

  @@id([code, region])
  @@index([name(sort: Desc), level], map: "site_by_name")
  @@index([score], type: Hash)
  @@map("site")
}
model Bay {
  id         BigInt  @id @default(autoincrement())
  siteCode   String? @map("site_code") @db.VarChar(12)
  siteRegion Int?    @map("site_region") @db.SmallInt
  site       Site?   @relation(fields: [siteCode, siteRegion], references: [code, region], map: "bay_site_fk")
}`;
    // What \`prisma migrate diff\` writes for that schema.
    const sql = `
CREATE TYPE "level" AS ENUM ('low', 'HIGH');
CREATE TABLE "site" (
    "code" VARCHAR(12) NOT NULL, "region" SMALLINT NOT NULL, "name" TEXT NOT NULL,
    "level" "level" NOT NULL DEFAULT 'HIGH', "score" DECIMAL(65,30) NOT NULL DEFAULT 1.5, "price" DECIMAL(10,2) NOT NULL,
    "ratio" DOUBLE PRECISION NOT NULL DEFAULT -0.25, "tags" TEXT[], "note" TEXT NOT NULL DEFAULT 'it''s', "born" DATE NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT now(), "ref" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meta" JSONB NOT NULL DEFAULT '{"b":1,"a":[true,null]}',
    CONSTRAINT "site_pkey" PRIMARY KEY ("code","region")
);
CREATE TABLE "Bay" ("id" BIGSERIAL NOT NULL, "site_code" VARCHAR(12), "site_region" SMALLINT, CONSTRAINT "Bay_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "site_name_unique" ON "site"("name");
CREATE INDEX "site_by_name" ON "site"("name" DESC, "level");
CREATE INDEX "site_score_idx" ON "site" USING HASH ("score");
ALTER TABLE "Bay" ADD CONSTRAINT "bay_site_fk" FOREIGN KEY ("site_code", "site_region") REFERENCES "site"("code", "region") ON DELETE SET NULL ON UPDATE CASCADE;
`;
    expect(await driftAfter(sql, schema)).toEqual([]);

    const wrong = sql
      .replace('"name" DESC, "level"', '"name", "level"')
      .replace('USING HASH ("score")', '("score")')
      .replace(`DEFAULT 'it''s'`, `DEFAULT 'its'`)
      .replace('ON DELETE SET NULL', 'ON DELETE NO ACTION');
    expect((await driftAfter(wrong, schema)).sort()).toEqual([
      'column site.note: schema says default \'it\'s\', database says default \'its\'',
      'foreign key bay_site_fk on Bay: schema says (site_code, site_region) REFERENCES site(code, region) ON DELETE SET NULL ON UPDATE CASCADE, ' +
        'database says (site_code, site_region) REFERENCES site(code, region) ON DELETE NO ACTION ON UPDATE CASCADE',
      'index site_by_name on site: schema says INDEX (name DESC, level), database says INDEX (name, level)',
      'index site_score_idx on site: schema says INDEX (score) USING hash, database says INDEX (score)',
    ].sort());
  });
});
