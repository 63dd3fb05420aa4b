import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { MigrationSession } from '../../core/db/migration-session.ts';

// Compares what schema.prisma describes with what the migrations built, object by object, in the same
// words on both sides: tables, columns (type, nullability, default), indexes (incl. primary keys and
// uniques), foreign keys and enums. Prisma's migrate engine would do this (`migrate diff`) but cannot be
// downloaded here; its schema parser ships as WASM (@prisma/prisma-schema-wasm, pinned to the version
// @prisma/internals 7.10 uses), so the expected side comes from Prisma's own DMMF.

export interface ColumnShape {
  /** format_type() spelling ("timestamp(3) with time zone"); enums by their type name */
  type: string;
  /** null: not compared (Prisma scalar lists) */
  nullable: boolean | null;
  /** normalised: null, "autoincrement()", "now()", a literal ("'x'", "1", "{}") or "dbgenerated(expr)" */
  default: string | null;
}
/** e.g. "PRIMARY KEY (id)", "UNIQUE (a, b)", "INDEX (a, b DESC) USING hash" */
export type IndexShape = string;
/** e.g. "(charger_id) REFERENCES charger(id) ON DELETE CASCADE ON UPDATE CASCADE" */
export type ForeignKeyShape = string;
export interface TableShape {
  columns: Record<string, ColumnShape>;
  indexes: Record<string, IndexShape>;
  foreignKeys: Record<string, ForeignKeyShape>;
}
export interface SchemaShape {
  tables: Record<string, TableShape>;
  /** enum type name → its values (as stored) */
  enums: Record<string, string[]>;
}

/** The exact differences, one line each ("column charger.vendor: schema says nullable, database says NOT NULL"). */
export async function schemaDrift(prismaSchema: string, db: MigrationSession, namespace = 'public'): Promise<string[]> {
  return diffSchemas(expectedSchema(prismaSchema), await databaseSchema(db, namespace));
}

export function diffSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const out: string[] = [];
  const missing = 'missing from the database';
  const extra = 'in the database but not in schema.prisma';
  for (const [name, values] of sortedEntries(expected.enums)) {
    const got = actual.enums[name];
    if (!got) out.push(`enum ${name}: ${missing}`);
    else {
      for (const v of values.filter((x) => !got.includes(x))) out.push(`enum ${name}: value '${v}' ${missing}`);
      for (const v of got.filter((x) => !values.includes(x))) out.push(`enum ${name}: value '${v}' ${extra}`);
    }
  }
  for (const name of Object.keys(actual.enums).sort()) if (!expected.enums[name]) out.push(`enum ${name}: ${extra}`);

  for (const [table, want] of sortedEntries(expected.tables)) {
    const got = actual.tables[table];
    if (!got) {
      out.push(`table ${table}: ${missing}`);
      continue;
    }
    for (const [col, w] of sortedEntries(want.columns)) {
      const g = got.columns[col];
      const at = `column ${table}.${col}`;
      if (!g) out.push(`${at}: ${missing}`);
      else {
        if (w.type !== g.type) out.push(`${at}: schema says type ${w.type}, database says ${g.type}`);
        if (w.nullable !== null && w.nullable !== g.nullable) {
          out.push(`${at}: schema says ${nullability(w.nullable)}, database says ${nullability(g.nullable)}`);
        }
        if (w.default !== g.default) out.push(`${at}: schema says ${defaultText(w.default)}, database says ${defaultText(g.default)}`);
      }
    }
    for (const col of Object.keys(got.columns).sort()) if (!want.columns[col]) out.push(`column ${table}.${col}: ${extra}`);
    compareNamed(out, 'index', table, want.indexes, got.indexes);
    compareNamed(out, 'foreign key', table, want.foreignKeys, got.foreignKeys);
  }
  for (const table of Object.keys(actual.tables).sort()) if (!expected.tables[table]) out.push(`table ${table}: ${extra}`);
  return out;
}

function compareNamed(out: string[], kind: string, table: string, want: Record<string, string>, got: Record<string, string>): void {
  for (const [name, w] of sortedEntries(want)) {
    const g = got[name];
    if (g === undefined) out.push(`${kind} ${name} on ${table}: missing from the database (schema: ${w})`);
    else if (g !== w) out.push(`${kind} ${name} on ${table}: schema says ${w}, database says ${g}`);
  }
  for (const [name, g] of sortedEntries(got)) {
    if (want[name] === undefined) out.push(`${kind} ${name} on ${table}: in the database but not in schema.prisma (${g})`);
  }
}

const nullability = (nullable: boolean | null) => (nullable === null ? 'either' : nullable ? 'nullable' : 'NOT NULL');
const defaultText = (d: string | null) => (d === null ? 'no default' : `default ${d}`);
const sortedEntries = <T>(r: Record<string, T>): Array<[string, T]> => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));

// ── Expected side: schema.prisma through Prisma's DMMF ───────────────────────────────────────────────

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[] }
interface DmmfEnum { name: string; dbName?: string | null; values: Array<{ name: string; dbName: string | null }> }
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  fields: Array<{ name: string; sortOrder?: 'asc' | 'desc' }>;
}
interface Dmmf { datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] } }

const PRISMA_DEFAULT_TYPES: Record<string, string> = {
  String: 'text', Boolean: 'boolean', Int: 'integer', BigInt: 'bigint', Float: 'double precision',
  Decimal: 'numeric(65,30)', DateTime: 'timestamp(3) without time zone', Json: 'jsonb', Bytes: 'bytea',
};
const precision = (a: string[]) => (a[0] ? `(${a[0]})` : '');
// Prisma's PostgreSQL native types (@db.*) as format_type() spells them.
const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => 'text', Char: (a) => `character(${a[0] ?? 1})`, VarChar: (a) => (a[0] ? `character varying(${a[0]})` : 'character varying'),
  Bit: (a) => `bit(${a[0] ?? 1})`, VarBit: (a) => (a[0] ? `bit varying(${a[0]})` : 'bit varying'), Uuid: () => 'uuid', Xml: () => 'xml',
  Inet: () => 'inet', Citext: () => 'citext', Boolean: () => 'boolean', Integer: () => 'integer', SmallInt: () => 'smallint',
  BigInt: () => 'bigint', Oid: () => 'oid', DoublePrecision: () => 'double precision', Real: () => 'real', Money: () => 'money',
  Decimal: (a) => (a.length > 0 ? `numeric(${a.join(',')})` : 'numeric'), Date: () => 'date', Json: () => 'json', JsonB: () => 'jsonb',
  ByteA: () => 'bytea', Timestamp: (a) => `timestamp${precision(a)} without time zone`, Timestamptz: (a) => `timestamp${precision(a)} with time zone`,
  Time: (a) => `time${precision(a)} without time zone`, Timetz: (a) => `time${precision(a)} with time zone`,
};
const REFERENTIAL_ACTIONS: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT' };

export function expectedSchema(prismaSchema: string): SchemaShape {
  const { datamodel } = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', prismaSchema]], noColor: true }))) as Dmmf;
  const shape: SchemaShape = { tables: {}, enums: {} };
  const enumDbName = (name: string) => { const e = datamodel.enums.find((x) => x.name === name); return e?.dbName ?? name; };
  for (const e of datamodel.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);
  const modelByName = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, field: string) => { const f = m.fields.find((x) => x.name === field); return f?.dbName ?? field; };

  for (const model of datamodel.models) {
    const table = tableOf(model);
    const t: TableShape = { columns: {}, indexes: {}, foreignKeys: {} };
    shape.tables[table] = t;
    for (const f of model.fields) {
      if (f.kind === 'object') continue;
      if (f.kind === 'unsupported') throw new Error(`schema-diff: ${model.name}.${f.name} is Unsupported(); teach schema-diff its type`);
      const type = columnType(model, f, enumDbName);
      t.columns[f.dbName ?? f.name] = { type, nullable: f.isList ? null : !f.isRequired, default: expectedDefault(f, type, datamodel.enums) };
    }
    for (const ix of datamodel.indexes.filter((i) => i.model === model.name)) {
      const columns = ix.fields.map((x) => columnOf(model, x.name));
      const suffix = ix.type === 'id' ? 'pkey' : ix.type === 'unique' ? 'key' : 'idx';
      const name = ix.dbName ?? constraintName(ix.type === 'id' ? [table] : [table, ...columns], suffix);
      const parts = ix.fields.map((x, i) => `${columns[i]}${x.sortOrder === 'desc' ? ' DESC' : ''}`);
      t.indexes[name] = indexShape(ix.type === 'id' ? 'PRIMARY KEY' : ix.type === 'unique' ? 'UNIQUE' : 'INDEX', parts, (ix.algorithm ?? 'btree').toLowerCase(), null);
    }
    for (const f of model.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const target = modelByName.get(f.type);
      if (!target) throw new Error(`schema-diff: unknown relation target ${f.type}`);
      const columns = f.relationFromFields.map((x) => columnOf(model, x));
      const name = relationMapName(prismaSchema, model.name, f.name) ?? constraintName([table, ...columns], 'fkey');
      // Prisma's defaults when @relation names no action: SetNull for optional relations, else Restrict; Cascade on update.
      const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull');
      const onUpdate = f.relationOnUpdate ?? 'Cascade';
      t.foreignKeys[name] = foreignKeyShape(columns, tableOf(target), (f.relationToFields ?? []).map((x) => columnOf(target, x)),
        REFERENTIAL_ACTIONS[onDelete] ?? onDelete, REFERENTIAL_ACTIONS[onUpdate] ?? onUpdate);
    }
  }
  return shape;
}

function columnType(model: DmmfModel, f: DmmfField, enumDbName: (name: string) => string): string {
  let base: string | undefined;
  if (f.kind === 'enum') base = enumDbName(f.type);
  else if (f.nativeType) base = NATIVE_TYPES[f.nativeType[0]]?.(f.nativeType[1]);
  else base = PRISMA_DEFAULT_TYPES[f.type];
  if (base === undefined) throw new Error(`schema-diff: no PostgreSQL type known for ${model.name}.${f.name} (${f.type} ${JSON.stringify(f.nativeType)})`);
  return f.isList ? `${base}[]` : base;
}

function expectedDefault(f: DmmfField, type: string, enums: DmmfEnum[]): string | null {
  const d = f.default;
  if (d === undefined || d === null) return null;
  if (Array.isArray(d)) throw new Error(`schema-diff: list default on ${f.name}; teach schema-diff to compare it`);
  if (typeof d === 'object') {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === 'autoincrement') return 'autoincrement()';
    if (fn.name === 'now') return 'now()';
    // Generated by the Prisma client, not the database.
    if (['uuid', 'cuid', 'nanoid', 'ulid'].includes(fn.name)) return null;
    if (fn.name === 'dbgenerated' && typeof fn.args[0] === 'string') return normaliseDbDefault(fn.args[0], type);
    throw new Error(`schema-diff: default ${fn.name}() on ${f.name} is not understood`);
  }
  if (f.kind === 'enum') {
    const value = enums.find((e) => e.name === f.type)?.values.find((v) => v.name === d);
    return literal(value?.dbName ?? String(d), type);
  }
  return literal(String(d), type);
}

/** Prisma's default constraint names (psl constraint_names.rs): joined with "_", cut to PostgreSQL's 63 bytes. */
function constraintName(parts: string[], suffix: string): string {
  const limit = 63 - suffix.length - 1;
  let base = Buffer.from(parts.join('_'), 'utf8');
  if (base.length >= limit) {
    let cut = limit;
    while (cut > 0 && (base[cut]! & 0xc0) === 0x80) cut--; // never split a UTF-8 character
    base = base.subarray(0, cut);
  }
  return `${base.toString('utf8')}_${suffix}`;
}

/** `@relation(…, map: "x")`: the DMMF leaves foreign key names out, so read them from the source. */
function relationMapName(source: string, model: string, field: string): string | undefined {
  const block = new RegExp(`^\\s*model\\s+${model}\\s*\\{([\\s\\S]*?)^\\}`, 'm').exec(source)?.[1] ?? '';
  const relation = new RegExp(`^\\s*${field}\\s+[^\\n]*@relation\\(([^\\n]*)\\)`, 'm').exec(block)?.[1] ?? '';
  return /\bmap\s*:\s*"([^"]+)"/.exec(relation)?.[1];
}

// ── Both sides: one spelling for indexes, foreign keys and defaults ──────────────────────────────────

function indexShape(kind: string, columns: string[], method: string, predicate: string | null): IndexShape {
  return `${kind} (${columns.join(', ')})${method === 'btree' ? '' : ` USING ${method}`}${predicate ? ` WHERE ${predicate}` : ''}`;
}
function foreignKeyShape(columns: string[], refTable: string, refColumns: string[], onDelete: string, onUpdate: string): ForeignKeyShape {
  return `(${columns.join(', ')}) REFERENCES ${refTable}(${refColumns.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}

/** A literal default as both sides spell it: numbers and booleans bare, JSON canonical, the rest quoted. */
function literal(raw: string, type: string): string {
  if (/^(smallint|integer|bigint|real|double precision|numeric)/.test(type) && raw.trim() !== '' && !Number.isNaN(Number(raw))) return String(Number(raw));
  if (type === 'boolean') return ['true', 't'].includes(raw.toLowerCase()) ? 'true' : 'false';
  if (type === 'json' || type === 'jsonb') {
    try {
      return canonicalJson(JSON.parse(raw));
    } catch {
      return `'${raw}'`;
    }
  }
  return `'${raw}'`;
}
// jsonb stores object keys in its own order, so compare JSON with keys sorted.
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A column default as pg_get_expr() prints it, reduced to the spelling expectedDefault() produces. */
function normaliseDbDefault(expr: string, type: string): string {
  const e = expr.trim();
  if (/^nextval\(/i.test(e)) return 'autoincrement()';
  if (/^(now\(\)|current_timestamp)$/i.test(e)) return 'now()';
  const quoted = /^'((?:[^']|'')*)'(?:::[\w\s."]+(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?)*$/.exec(e);
  if (quoted) return literal(quoted[1]!.replaceAll("''", "'"), type);
  const bare = /^\(?(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false)\)?(?:::[\w\s]+)?$/i.exec(e);
  if (bare) return literal(bare[1]!, type);
  return `dbgenerated(${e})`;
}

// ── Actual side: the database through pg_catalog ────────────────────────────────────────────────────

const IGNORED_TABLES = new Set(['_prisma_migrations']);

export async function databaseSchema(db: MigrationSession, namespace = 'public'): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {}, enums: {} };
  const tables = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition`, [namespace]);
  for (const { name } of tables.rows) if (!IGNORED_TABLES.has(name)) shape.tables[name] = { columns: {}, indexes: {}, foreignKeys: {} };

  const columns = await db.query<{ table: string; name: string; type: string; nullable: boolean; default: string | null; identity: string }>(
    `SELECT c.relname AS table, a.attname AS name, NOT a.attnotnull AS nullable, a.attidentity::text AS identity,
       CASE WHEN t.typtype = 'e' THEN t.typname::text WHEN et.typtype = 'e' THEN et.typname || '[]'
            ELSE format_type(a.atttypid, a.atttypmod) END AS type,
       pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`, [namespace]);
  for (const c of columns.rows) {
    const def = c.identity !== '' ? 'autoincrement()' : c.default === null ? null : normaliseDbDefault(c.default, c.type);
    const t = shape.tables[c.table];
    if (t) t.columns[c.name] = { type: c.type, nullable: c.nullable, default: def };
  }

  const indexes = await db.query<{ table: string; name: string; primary: boolean; unique: boolean; method: string; columns: string[]; predicate: string | null }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, am.amname AS method,
       ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) || CASE WHEN ix.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
             FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k) AS columns,
       pg_get_expr(ix.indpred, ix.indrelid) AS predicate
     FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam WHERE n.nspname = $1`, [namespace]);
  for (const ix of indexes.rows) {
    const kind = ix.primary ? 'PRIMARY KEY' : ix.unique ? 'UNIQUE' : 'INDEX';
    const t = shape.tables[ix.table];
    if (t) t.indexes[ix.name] = indexShape(kind, ix.columns.map(unquoteIdent), ix.method, ix.predicate);
  }

  const fks = await db.query<{ table: string; name: string; ref_table: string; columns: string[]; ref_columns: string[]; on_delete: string; on_update: string }>(
    `SELECT t.relname AS table, c.conname AS name, rt.relname AS ref_table, c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, ord)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, ord)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.ord) AS ref_columns
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_class rt ON rt.oid = c.confrelid WHERE c.contype = 'f' AND n.nspname = $1`, [namespace]);
  const actions: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
  for (const fk of fks.rows) {
    const t = shape.tables[fk.table];
    if (t) t.foreignKeys[fk.name] = foreignKeyShape(fk.columns, fk.ref_table, fk.ref_columns, actions[fk.on_delete] ?? fk.on_delete, actions[fk.on_update] ?? fk.on_update);
  }

  const enums = await db.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname = $1`, [namespace]);
  for (const e of enums.rows) shape.enums[e.name] = e.values;
  return shape;
}

function unquoteIdent(s: string): string {
  return /^"[^"]*"$/.test(s) ? s.slice(1, -1) : s;
}
