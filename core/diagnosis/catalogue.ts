import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Fault, FaultSeverity } from '../domain/charger.ts';

// The diagnosis catalogue: data, not code. The default ships in catalogue.default.json; an operator's
// file (DIAGNOSIS_CATALOGUE_FILE) replaces entries with the same key and adds new ones.

export const CHECKS = ['status', 'meterValues', 'configuration', 'telemetry', 'connectionHistory', 'firmware', 'faultHistory'] as const;
export const REMEDIATION_STEPS = ['unlockConnector', 'softReset', 'hardReset', 'retrieveLogs', 'clearCache', 'waitForClear'] as const;
export type CheckName = (typeof CHECKS)[number];
export type RemediationStep = (typeof REMEDIATION_STEPS)[number];

const severity = z.enum(['safety-critical', 'high', 'medium', 'low', 'transient']);

const entrySchema = z
  .object({
    key: z.string().regex(/^(ocpp16|mrec|status|event|security|synthetic|vendor|fallback):\S+$/, 'key must look like "<kind>:<code>"'),
    title: z.string().min(1),
    description: z.string().min(1),
    severity,
    likelyCauses: z.array(z.string()),
    checks: z.array(z.enum(CHECKS)),
    configKeys: z.array(z.string()).default([]),
    telemetry: z.array(z.string()).default([]),
    recommendedAction: z.string().min(1),
    selfHealing: z.object({
      allowed: z.boolean(),
      steps: z.array(z.enum(REMEDIATION_STEPS)),
      /** how long to wait for the fault to clear after each step (or before escalating, for waitForClear) */
      waitForClearS: z.number().int().min(0).max(86_400),
      allowDuringTransaction: z.boolean(),
    }),
    outOfService: z.boolean(),
    escalate: z.boolean(),
    opensTicket: z.enum(['always', 'on-repeat', 'never']),
    repeat: z.object({ count: z.number().int().min(2), windowH: z.number().positive() }).optional(),
    siteCorrelation: z.boolean().optional(),
    /** a catch-all class: a more specific fault on the same connector takes over its ticket */
    generic: z.boolean().optional(),
    parts: z.array(z.string()),
  })
  .refine((e) => e.opensTicket !== 'on-repeat' || e.repeat !== undefined, { message: 'opensTicket "on-repeat" needs "repeat"' })
  .refine((e) => !(e.severity === 'safety-critical' && e.selfHealing.steps.some((s) => s === 'softReset' || s === 'hardReset')), {
    message: 'a safety-critical entry may not reset automatically',
  });

const catalogueSchema = z.object({
  version: z.string().min(1),
  knownBadFirmware: z.array(z.object({ vendor: z.string().optional(), model: z.string().optional(), version: z.string(), note: z.string() })).default([]),
  entries: z.array(entrySchema),
});

export type CatalogueEntry = z.infer<typeof entrySchema>;
export type CatalogueFile = z.infer<typeof catalogueSchema>;

export class CatalogueError extends Error {
  override name = 'CatalogueError';
  readonly code = 'DIAGNOSIS_CATALOGUE_INVALID';
}

const MREC = /^CX\d{3}$/;
// 1.6 ChargePointErrorCode names; 2.x stations often put them in techCode
const OCPP16_CODES = new Set([
  'ConnectorLockFailure', 'EVCommunicationError', 'GroundFailure', 'HighTemperature', 'InternalError', 'LocalListConflict', 'NoError',
  'OtherError', 'OverCurrentFailure', 'OverVoltage', 'PowerMeterFailure', 'PowerSwitchFailure', 'ReaderFailure', 'ResetFailure',
  'UnderVoltage', 'WeakSignal',
]);

export class DiagnosisCatalogue {
  private readonly byKey: Map<string, CatalogueEntry>;

  constructor(readonly file: CatalogueFile) {
    this.byKey = new Map(file.entries.map((e) => [e.key, e]));
    for (const src of ['status', 'event', 'security', 'synthetic']) {
      if (!this.byKey.has(`fallback:${src}`)) throw new CatalogueError(`catalogue ${file.version} lacks the entry fallback:${src}`);
    }
  }

  get version(): string {
    return this.file.version;
  }

  get entries(): readonly CatalogueEntry[] {
    return this.file.entries;
  }

  entry(key: string): CatalogueEntry | undefined {
    return this.byKey.get(key);
  }

  /**
   * The most specific entry for a fault: an MREC code wherever it appears (1.6 vendorErrorCode, 2.x
   * techCode); an operator's vendor entry; then the fault's own class; then the source's catch-all.
   */
  classify(fault: Fault): CatalogueEntry {
    for (const key of this.candidateKeys(fault)) {
      const e = this.byKey.get(key);
      if (e) return e;
    }
    return this.byKey.get(`fallback:${fault.source}`)!;
  }

  private *candidateKeys(f: Fault): Generator<string> {
    if (f.vendorCode && MREC.test(f.vendorCode)) yield `mrec:${f.vendorCode}`;
    if (f.vendorId && f.vendorCode) yield `vendor:${f.vendorId}:${f.vendorCode}`;
    switch (f.source) {
      case 'status':
        yield f.code === 'Faulted' ? 'status:Faulted' : `ocpp16:${f.code}`;
        break;
      case 'event': {
        if (f.vendorCode && OCPP16_CODES.has(f.vendorCode)) yield `ocpp16:${f.vendorCode}`;
        yield `event:${f.code}`;
        const variable = f.code.split('/')[1];
        if (variable) yield `event:*/${variable}`;
        break;
      }
      case 'security':
        yield `security:${f.code}`;
        yield 'security:*';
        break;
      case 'synthetic':
        yield `synthetic:${f.code}`;
        break;
    }
  }

  knownBadFirmware(vendor: string | null | undefined, model: string | null | undefined, version: string | null | undefined) {
    if (!version) return undefined;
    return this.file.knownBadFirmware.find((k) => k.version === version && (!k.model || k.model === model) && (!k.vendor || k.vendor === vendor));
  }
}

export function severityOf(e: CatalogueEntry): FaultSeverity {
  return e.severity;
}

function parse(text: string, where: string): CatalogueFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CatalogueError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  const r = catalogueSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new CatalogueError(`${where}: ${first.join('; ')}`);
  }
  return r.data;
}

const DEFAULT_FILE = new URL('./catalogue.default.json', import.meta.url);

/** The shipped catalogue, with an operator's file (if given) replacing and adding entries by key. */
export function loadCatalogue(overrideFile?: string): DiagnosisCatalogue {
  const base = parse(readFileSync(DEFAULT_FILE, 'utf8'), 'catalogue.default.json');
  if (!overrideFile) return new DiagnosisCatalogue(base);
  let text: string;
  try {
    text = readFileSync(overrideFile, 'utf8');
  } catch (err) {
    throw new CatalogueError(`cannot read DIAGNOSIS_CATALOGUE_FILE ${overrideFile}: ${(err as Error).message}`);
  }
  const over = parse(text, overrideFile);
  const merged = new Map(base.entries.map((e) => [e.key, e]));
  for (const e of over.entries) merged.set(e.key, e);
  return new DiagnosisCatalogue({
    version: `${base.version}+${over.version}`,
    knownBadFirmware: [...base.knownBadFirmware, ...over.knownBadFirmware],
    entries: [...merged.values()],
  });
}
