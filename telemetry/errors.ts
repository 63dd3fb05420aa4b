// Every telemetry error once, with a stable code. The batcher only needs to tell two things apart:
// a backend that is unavailable (keep the points, retry later) and one that refuses the points as
// invalid (retrying would never succeed, so they are counted as rejected and the queue moves on).

export const TELEMETRY_ERRORS = {
  TELEMETRY_BACKEND_UNAVAILABLE: 'telemetry backend unavailable',
  TELEMETRY_POINTS_REJECTED: 'telemetry backend rejected points',
  TELEMETRY_QUERY_FAILED: 'telemetry query failed',
  TELEMETRY_INVALID_QUERY: 'invalid telemetry query',
  TELEMETRY_CONFIG_INVALID: 'invalid telemetry configuration',
} as const;

export type TelemetryErrorCode = keyof typeof TELEMETRY_ERRORS;

export class TelemetryError extends Error {
  constructor(
    readonly code: TelemetryErrorCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${TELEMETRY_ERRORS[code]}: ${detail}`, options);
    this.name = 'TelemetryError';
  }
}

/** Retriable: network failure, timeout, 5xx/429, auth not yet fixed, database starting. */
export class TelemetryBackendUnavailableError extends TelemetryError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('TELEMETRY_BACKEND_UNAVAILABLE', detail, options);
    this.name = 'TelemetryBackendUnavailableError';
  }
}

/**
 * Not retriable: the backend refused some or all points of a batch (malformed, outside the retention
 * policy, field type conflict). `rejectedPoints` says how many were lost when the backend reports it;
 * the rest of the batch was written.
 */
export class TelemetryPointsRejectedError extends TelemetryError {
  constructor(
    detail: string,
    readonly rejectedPoints: number,
    options?: { cause?: unknown },
  ) {
    super('TELEMETRY_POINTS_REJECTED', detail, options);
    this.name = 'TelemetryPointsRejectedError';
  }
}

export class TelemetryQueryError extends TelemetryError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('TELEMETRY_QUERY_FAILED', detail, options);
    this.name = 'TelemetryQueryError';
  }
}

export class TelemetryInvalidQueryError extends TelemetryError {
  constructor(detail: string) {
    super('TELEMETRY_INVALID_QUERY', detail);
    this.name = 'TelemetryInvalidQueryError';
  }
}

export class TelemetryConfigError extends TelemetryError {
  constructor(detail: string) {
    super('TELEMETRY_CONFIG_INVALID', detail);
    this.name = 'TelemetryConfigError';
  }
}
