import { z } from 'zod'

const id = z.string().min(1).max(64)
const optional = <S extends z.ZodType>(s: S) => z.preprocess((v) => (v === '' ? undefined : v), s.optional())

/** One evaluator's score of one cell: the scale is 0–3 in whole points. */
export const ScoreSchema = z.object({
  intent: z.literal('score'),
  requirementId: id,
  candidateId: id,
  value: z.coerce.number<string>().int('scoring.errors.value').min(0, 'scoring.errors.value').max(3, 'scoring.errors.value'),
  comment: z.string().trim().max(2000).default(''),
  basis: optional(z.enum(['demo', 'claim', 'docs'])).transform((v) => v ?? null),
})

/** The lead's consensus value of a cell: any value on the scale (the mean may be fractional). */
export const ConsensusSchema = z.object({
  intent: z.literal('consensus'),
  requirementId: id,
  candidateId: id,
  value: z.coerce.number<string>().min(0, 'scoring.errors.value').max(3, 'scoring.errors.value'),
  comment: z.string().trim().max(2000).default(''),
})

export const WeightSchema = z.object({
  intent: z.literal('weight'),
  requirementId: id,
  weight: z.coerce.number<string>().min(0).max(100),
  reason: z.string().trim().min(1, 'scoring.errors.reasonRequired').max(1000),
})

export const ClearWeightSchema = z.object({ intent: z.literal('clearWeight'), requirementId: id })

const multiplier = z.coerce.number<string>().min(0).max(100)
export const SettingsSchema = z.object({
  intent: z.literal('settings'),
  mustWeight: multiplier,
  shouldWeight: multiplier,
  couldWeight: multiplier,
  spreadThreshold: z.coerce.number<string>().int().min(1).max(3),
})

export const RoundSchema = z.object({ intent: z.enum(['open', 'close', 'reopen']) })

/** The matrix's query string: filters and page. Unknown values fall back to "any". */
export const MatrixQuerySchema = z.object({
  priority: z.enum(['must', 'should', 'could']).optional().catch(undefined),
  type: z.enum(['functional', 'integration', 'reporting', 'data_migration', 'security', 'non_functional']).optional().catch(undefined),
  department: z.string().max(64).optional().catch(undefined),
  page: z.coerce.number<string>().int().min(1).max(10_000).catch(1).default(1),
})
