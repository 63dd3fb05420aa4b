import type { Survey } from '../db/generated/client.ts';
import type { Db, WorkflowDeps } from '../workflow/workflow-deps.ts';
import { SurveyError } from './errors.ts';
import { surveyTokenHash } from './send-survey.ts';

/** What the customer sees behind the link (no personal data: the reference and the title). */
export async function findSurvey(db: Db, token: string, now: Date): Promise<{ survey: Survey; reference: string; title: string }> {
  const s = await db.survey.findUnique({ where: { tokenHash: surveyTokenHash(token) }, include: { ticket: { select: { number: true, title: true } } } });
  if (!s) throw new SurveyError('SURVEY_NOT_FOUND', 'no survey at this link');
  if (s.expiresAt <= now && !s.answeredAt) throw new SurveyError('SURVEY_EXPIRED', 'this survey link has expired');
  return { survey: s, reference: `T-${s.ticket.number}`, title: s.ticket.title };
}

/** The answer, once: the conditional update makes a second (or concurrent) answer fail. */
export async function answerSurvey(deps: WorkflowDeps, input: { token: string; score: number; comment?: string | undefined }): Promise<Survey> {
  const now = deps.now();
  const { survey } = await findSurvey(deps.prisma, input.token, now);
  const { count } = await deps.prisma.survey.updateMany({ where: { id: survey.id, answeredAt: null, expiresAt: { gt: now } }, data: { answeredAt: now, score: input.score, comment: input.comment ?? null } });
  if (count === 0) throw survey.answeredAt || (await deps.prisma.survey.count({ where: { id: survey.id, answeredAt: { not: null } } })) ? new SurveyError('SURVEY_ALREADY_ANSWERED', 'this survey was already answered') : new SurveyError('SURVEY_EXPIRED', 'this survey link has expired');
  return deps.prisma.survey.findUniqueOrThrow({ where: { id: survey.id } });
}
