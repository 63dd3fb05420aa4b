import { FleetError } from '../../../core/bulk/fleet-errors.ts';
import { CampaignError } from '../../../core/campaigns/campaign-errors.ts';
import { CommandError, type CommandErrorCode } from '../../../core/commands/command-errors.ts';
import { ApiError, type ApiErrorCode } from '../../errors.ts';

// Core's command, fleet and campaign errors as problems. An unknown charger is the same problem as on
// GET /api/chargers/:id, so clients meet one code for it.
const COMMAND_PROBLEM: Record<CommandErrorCode, ApiErrorCode> = {
  COMMAND_UNKNOWN_CHARGER: 'CHARGER_NOT_FOUND',
  COMMAND_CHARGER_OFFLINE: 'COMMAND_CHARGER_OFFLINE',
  COMMAND_NOT_SUPPORTED: 'COMMAND_NOT_SUPPORTED',
  COMMAND_URL_NOT_ALLOWED: 'COMMAND_URL_NOT_ALLOWED',
};

/** Runs `work`, turning core's typed command/fleet/campaign errors into problems; anything else rethrows. */
export async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CommandError) throw new ApiError(COMMAND_PROBLEM[err.code], err.message);
    if (err instanceof FleetError || err instanceof CampaignError) throw new ApiError(err.code, err.message);
    throw err;
  }
}
