import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { budgetReport } from '../../../core/costs/budget-report.ts';
import { CATEGORIES } from '../costs/schema.ts';

const tags = ['costs'];
const params = z.object({ year: z.coerce.number().int().min(2000).max(2100), category: z.enum(CATEGORIES) });
const body = z.object({ amountCents: z.number().int().min(0).max(100_000_000_000) });
const budgetSchema = z.object({ year: z.number().int(), category: z.enum(CATEGORIES), amountCents: z.number().int() });
const reportQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const reportSchema = z.object({
  year: z.number().int(),
  lines: z.array(z.object({ category: z.string(), budgetCents: z.number().int().nullable(), actualCents: z.number().int(), pendingCents: z.number().int(), usedPercent: z.number().nullable() })),
});

/** Yearly budgets per cost category and the budget-versus-actual report. */
export const budgetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;
  app.put('/:year/:category', { config: { access: 'budgets:write', action: 'budgets.set' }, schema: { tags, summary: "Set a category's budget for a year", params, body, response: { 200: budgetSchema } } }, async (req) => {
    const { year, category } = req.params;
    const b = await prisma.budget.upsert({ where: { year_category: { year, category } }, create: { year, category, amountCents: req.body.amountCents }, update: { amountCents: req.body.amountCents } });
    return { year: b.year, category: b.category, amountCents: b.amountCents };
  });
  app.get('/report', { config: { access: 'costs:read' }, schema: { tags, summary: 'Budget versus actual per category (approved spending; pending shown apart)', querystring: reportQuery, response: { 200: reportSchema } } }, async (req) => ({
    year: req.query.year,
    lines: await budgetReport(prisma, req.query.year),
  }));
};
