import { codedError } from '../errors.ts';
// Errors of choosing the chargers a bulk command or a campaign reaches (codes defined once; the API maps them).

/** Bulk jobs and campaigns are bounded: beyond this, split the fleet (by model, by id list). */
export const MAX_TARGETS = 10_000;

export const FLEET_ERRORS = {
  FLEET_NO_CHARGERS: { status: 422, message: 'the filter selects no charger' },
  FLEET_TOO_MANY_CHARGERS: { status: 422, message: `the filter selects more than ${MAX_TARGETS} chargers; narrow it` },
} as const;

export type FleetErrorCode = keyof typeof FLEET_ERRORS;

export class FleetError extends codedError('FleetError', FLEET_ERRORS) {}
