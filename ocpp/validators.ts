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

export const strictModeValidators: Validator[] = [
  // 1.6 includes the Security Whitepaper's messages (SecurityEventNotification, LogStatusNotification, …)
  createValidator('ocpp1.6', load('ocpp1_6.json')),
  withOcpp2ErrorSpelling(createValidator('ocpp2.0.1', load('ocpp2_0_1.json'))),
  withOcpp2ErrorSpelling(createValidator('ocpp2.1', ocpp21Schemas())),
];
