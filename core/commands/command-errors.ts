import { codedError } from '../errors.ts';
// Command error codes, defined once (STYLE.md): the API maps them to problem+json.

export const COMMAND_ERRORS = {
  COMMAND_UNKNOWN_CHARGER: { status: 404, message: 'no such charger' },
  COMMAND_CHARGER_OFFLINE: { status: 409, message: 'the charger is not connected' },
  COMMAND_NOT_SUPPORTED: { status: 422, message: 'this command is not available for the charger\'s OCPP version' },
  COMMAND_URL_NOT_ALLOWED: { status: 422, message: 'firmware may only be downloaded from the platform\'s own store or an allow-listed host' },
} as const;

export type CommandErrorCode = keyof typeof COMMAND_ERRORS;

export class CommandError extends codedError('CommandError', COMMAND_ERRORS) {}
