import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type Survey } from '../db/generated/client.ts';
import type { ContactChannel } from '../db/generated/enums.ts';
import { notifyCustomer } from '../customers/notify-customer.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { SurveyError } from './errors.ts';

export const surveyTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * After a ticket closes, the customer gets a one-time link to rate the service (1–5, a comment). Only the
 * token's hash is stored: the link in the notice is the one copy. One survey per ticket.
 */
export async function sendSurvey(deps: WorkflowDeps, input: { ticketId: string; channel: ContactChannel; linkBase: string; ttlDays: number; actor: string }): Promise<{ survey: Survey; token: string; link: string }> {
  const at = deps.now();
  const token = randomBytes(32).toString('base64url');
  const link = `${input.linkBase}${token}`;
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const t = await tx.ticket.findUnique({ where: { id: input.ticketId }, select: { status: true, number: true } });
      if (!t) throw new SurveyError('SURVEY_NOT_FOUND', `no ticket ${input.ticketId}`);
      if (t.status !== 'closed' && t.status !== 'resolved_remotely') throw new SurveyError('SURVEY_TICKET_NOT_CLOSED', `a survey follows the closing of a ticket; T-${t.number} is ${t.status}`);
      const survey = await tx.survey.create({ data: { ticketId: input.ticketId, tokenHash: surveyTokenHash(token), sentAt: at, expiresAt: new Date(at.getTime() + input.ttlDays * 86_400_000) } });
      await notifyCustomer(tx, { ticketId: input.ticketId, channel: input.channel, subject: 'How did we do?', message: `Please rate our service for T-${t.number}: ${link}`, actor: input.actor }, at);
      return { survey, token, link };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new SurveyError('SURVEY_EXISTS', 'this ticket already has a survey');
    throw err;
  }
}
