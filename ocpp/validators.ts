import { createRequire } from 'node:module';
import { createRPCError, createValidator } from 'ocpp-rpc';

// Strict-mode validators for the three OCPP-J subprotocols, shared by the gateway and the simulator.
//
// ocpp-rpc 2.2.1 ships a broken strict mode for ocpp2.1: its bundled 2.1 schemas are keyed
// `urn:BootNotificationRequest` / `urn:BootNotificationResponse`, while strict mode looks schemas up as
// `urn:BootNotification.req` / `.conf` (1.6 and 2.0.1 use that form). We re-key the same schemas to the
// form strict mode expects and pass every validator explicitly in `strictModeValidators`.

const require = createRequire(import.meta.url);

interface JsonSchema {
  $id: string;
  [key: string]: unknown;
}

function load(file: string): JsonSchema[] {
  return require(`ocpp-rpc/lib/schemas/${file}`) as JsonSchema[];
}

/** `urn:XRequest` → `urn:X.req`, `urn:XResponse` → `urn:X.conf`; anything else unchanged. */
export function rekeyOcpp21SchemaId(id: string): string {
  const m = /^urn:(.+?)(Request|Response)$/.exec(id);
  if (!m) return id;
  return `urn:${m[1]}${m[2] === 'Request' ? '.req' : '.conf'}`;
}

export function ocpp21Schemas(): JsonSchema[] {
  return load('ocpp2_1.json').map((s) => withoutStrayKeywords({ ...s, $id: rekeyOcpp21SchemaId(s.$id) }) as JsonSchema);
}

/**
 * The 2.1 schemas put `additionalProperties: false` on string enums, where it means nothing; ajv warns
 * about each on stderr at start-up. Dropping it there changes no validation result.
 */
function withoutStrayKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutStrayKeywords);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'additionalProperties' && o.type !== undefined && o.type !== 'object') continue;
    out[k] = withoutStrayKeywords(v);
  }
  return out;
}

export type OcppSubprotocol = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';
/** Preference order when a client offers several. */
export const SUBPROTOCOLS: readonly OcppSubprotocol[] = ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'];

type Validator = ReturnType<typeof createValidator>;

/**
 * ocpp-rpc's validator reports a missing required field as `OccurenceConstraintViolation`, the 1.6 spec's
 * misspelling; on 1.6 connections ocpp-rpc itself rewrites it (and FormatViolation → FormationViolation)
 * as the OCPP 1.6J errata v1.0 §5 asks. OCPP 2.0.1 and 2.1 (part 4, RPC framework) spell it
 * `OccurrenceConstraintViolation` too, but get no rewrite: the 2.x validators report it right.
 */
function withOcpp2ErrorSpelling(v: Validator): Validator {
  const validate = v.validate.bind(v);
  v.validate = (schemaId: string, params: unknown) => {
    try {
      return validate(schemaId, params);
    } catch (err) {
      const e = err as { rpcErrorCode?: string; message: string; details?: Record<string, unknown> };
      if (e.rpcErrorCode === 'OccurenceConstraintViolation') {
        throw createRPCError('OccurrenceConstraintViolation', e.message, e.details);
      }
      throw err;
    }
  };
  return v;
}

/** The actions (request schemas) a subprotocol's strict validator knows. */
export function schemaActions(subprotocol: OcppSubprotocol): string[] {
  const schemas =
    subprotocol === 'ocpp1.6' ? load('ocpp1_6.json') : subprotocol === 'ocpp2.0.1' ? load('ocpp2_0_1.json') : ocpp21Schemas();
  return schemas.flatMap((s) => (s.$id.endsWith('.req') ? [s.$id.slice(4, -4)] : []));
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * True for the timestamps chargers send — `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` — when ajv-formats'
 * `date-time` check (2.1.1, full mode) accepts them too: the same date and time checks, read character by
 * character. False means "not this shape or not valid": the original check then decides, so no string is
 * judged differently (test/unit/ocpp-date-time.test.ts compares both).
 */
export function commonDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 40) return false;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false; // - - T : :
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const start = ++i; // .
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  const zone = s.charCodeAt(i);
  if (zone === 90) {
    if (i + 1 !== n) return false; // Z
  } else if (zone === 43 || zone === 45) {
    if (i + 6 !== n || digitsAt(s, i + 1, 2) < 0 || s.charCodeAt(i + 3) !== 58 || digitsAt(s, i + 4, 2) < 0) return false; // ±HH:MM
  } else {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month]!)) return false;
  return (hour <= 23 && minute <= 59 && second <= 59) || (hour === 23 && minute === 59 && second === 60);
}

type Check = (data: unknown) => boolean;
type FormatCheck = { validate: (s: string) => boolean };

/** What we use of the ajv instance inside an ocpp-rpc validator (its `_ajv`, not part of its API). */
interface ValidatorAjv {
  getSchema(id: string): Check | undefined;
  formats: Record<string, FormatCheck | undefined>;
  addFormat(name: string, format: FormatCheck): unknown;
}

function ajvOf(v: Validator): ValidatorAjv {
  const ajv = (v as unknown as { _ajv?: ValidatorAjv })._ajv;
  if (!ajv) throw new Error("ocpp-rpc's validator changed its shape: no ajv inside");
  return ajv;
}

/**
 * ajv-formats' `date-time` check splits each timestamp with a regular expression and matches both halves
 * with two more: arrays and strings for every MeterValues (a tenth of what the gateway allocated per
 * message, bench/throughput.ts with an allocation profile). The common shape is checked first without
 * allocating; the original decides the rest. Installed before ocpp-rpc compiles any schema (it compiles
 * on first use), so every compiled check uses it.
 */
function withFastDateTime(v: Validator): Validator {
  const ajv = ajvOf(v);
  const original = ajv.formats['date-time'];
  if (!original) throw new Error("ocpp-rpc's validator changed its shape: no date-time format");
  const validate = original.validate;
  ajv.addFormat('date-time', { ...original, validate: (s: string) => commonDateTime(s) || validate(s) });
  return v;
}

export const strictModeValidators: Validator[] = [
  // 1.6 includes the Security Whitepaper's messages (SecurityEventNotification, LogStatusNotification, …)
  withFastDateTime(createValidator('ocpp1.6', load('ocpp1_6.json'))),
  withFastDateTime(withOcpp2ErrorSpelling(createValidator('ocpp2.0.1', load('ocpp2_0_1.json')))),
  withFastDateTime(withOcpp2ErrorSpelling(createValidator('ocpp2.1', ocpp21Schemas()))),
];

function validatorOf(protocol: OcppSubprotocol): Validator {
  const v = strictModeValidators.find((x) => x.subprotocol === protocol);
  if (!v) throw new Error(`no strict validator for ${protocol}`);
  return v;
}

/** The compiled schema function the strict validator of `protocol` runs for `id` (the gateway's direct path). */
export function compiledSchema(protocol: OcppSubprotocol, id: string): Check {
  const fn = ajvOf(validatorOf(protocol)).getSchema(id);
  if (!fn) throw new Error(`no schema ${id} for ${protocol}: ocpp-rpc's validator changed its shape`);
  return fn;
}

/** The `date-time` format check the strict validator of `protocol` runs (tests). */
export function dateTimeCheck(protocol: OcppSubprotocol): (s: string) => boolean {
  const format = ajvOf(validatorOf(protocol)).formats['date-time'];
  if (!format) throw new Error(`no date-time format for ${protocol}`);
  return format.validate;
}
