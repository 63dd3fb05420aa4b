import type { FastifyInstance } from 'fastify';
import { AfterSalesError } from '../../../core/workflow/after-sales-error.ts';
import { ApiError, isApiErrorCode } from '../../errors.ts';
import { sendProblem } from '../../plugins/problem-handler.ts';

/**
 * The after-sales areas' rule errors become problem documents with their stable code and extra members
 * (e.g. `allowed` for a refused transition). Anything else goes on to the app's problem handler.
 */
export function mapAfterSalesErrors(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AfterSalesError && isApiErrorCode(err.code)) return sendProblem(req, reply, new ApiError(err.code, err.message, { fields: err.fields }));
    throw err;
  });
}
