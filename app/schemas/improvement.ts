import { z } from 'zod'
import { STAGES } from '~/models/improvement-math'
import { parseHundredths } from '~/utils/money'

export { STAGES }
export const FEASIBILITIES = ['feasible', 'risky', 'architecture'] as const
export type Feasibility = (typeof FEASIBILITIES)[number]
export const IMPROVEMENT_STATUSES = ['suggested', 'proposed', 'sent', 'estimated', 'agreed', 'rejected', 'dismissed'] as const
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number]
/** What a vendor may see: items addressed to it, never the lead's drafts. */
export const VENDOR_STATUSES: readonly ImprovementStatus[] = ['sent', 'estimated', 'agreed', 'rejected']
/** Items whose estimate counts in cost totals (and in TCO). */
export const COST_STATUSES: readonly ImprovementStatus[] = ['estimated', 'agreed']
/** Items still waiting for the vendor's figures. */
export const AWAITING_STATUSES: readonly ImprovementStatus[] = ['proposed', 'sent']
export const CODE_PREFIX = 'IMP'

// Absurd estimates are refused: more than 100,000 hours, 10^12 minor units, 2,000 working days.
export const MAX_HOURS_CENTI = 100_000 * 100
export const MAX_MONEY_MINOR = 1_000_000_000_000
export const MAX_DURATION_DAYS = 2_000

/** The vendor's figures in stored units (null = not given). */
export type EstimateValues = {
  hoursCenti: number | null
  hourlyRateMinor: number | null
  fixedPriceMinor: number | null
  durationDays: number | null
  earliestStart: Date | null
}
export type EstimateField = keyof EstimateValues
export type EstimateProblem = { field: EstimateField; reason: 'number' | 'range' | 'date' | 'cost'; max?: number }

const LIMITS: Record<Exclude<EstimateField, 'earliestStart'>, number> = {
  hoursCenti: MAX_HOURS_CENTI,
  hourlyRateMinor: MAX_MONEY_MINOR,
  fixedPriceMinor: MAX_MONEY_MINOR,
  durationDays: MAX_DURATION_DAYS,
}

/** The first figure out of range, or null: the model refuses such an estimate whole. */
export function estimateProblem(values: EstimateValues): EstimateProblem | null {
  for (const field of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const value = values[field]
    if (value === null) continue
    if (!Number.isSafeInteger(value) || value < 0 || value > LIMITS[field]) return { field, reason: 'range', max: LIMITS[field] }
  }
  // Hours × rate must stay a sane amount too (and exact in floating point).
  if (values.hoursCenti !== null && values.hourlyRateMinor !== null && values.hoursCenti * values.hourlyRateMinor > MAX_MONEY_MINOR * 100) {
    return { field: 'hourlyRateMinor', reason: 'cost', max: MAX_MONEY_MINOR }
  }
  if (values.earliestStart && Number.isNaN(values.earliestStart.getTime())) return { field: 'earliestStart', reason: 'date' }
  return null
}

/** The form's text for one amount ("1 234,5") in hundredths, null for empty, or a problem. */
function amount(text: string, field: EstimateField): number | null | EstimateProblem {
  if (text.trim() === '') return null
  const value = parseHundredths(text)
  return value === null ? { field, reason: 'number' } : value
}

/** Turns the estimate form's text fields into stored units; the first problem found otherwise. */
export function estimateFromText(form: {
  hours: string
  hourlyRate: string
  fixedPrice: string
  durationDays: string
  earliestStart: string
}): { ok: true; value: EstimateValues } | { ok: false; problem: EstimateProblem } {
  const hours = amount(form.hours, 'hoursCenti')
  const rate = amount(form.hourlyRate, 'hourlyRateMinor')
  const price = amount(form.fixedPrice, 'fixedPriceMinor')
  for (const v of [hours, rate, price]) if (v !== null && typeof v === 'object') return { ok: false, problem: v }
  let durationDays: number | null = null
  const days = form.durationDays.trim()
  if (days !== '') {
    if (!/^-?\d+$/.test(days)) return { ok: false, problem: { field: 'durationDays', reason: 'number' } }
    durationDays = Number(days)
  }
  let earliestStart: Date | null = null
  const start = form.earliestStart.trim()
  if (start !== '') {
    earliestStart = /^\d{4}-\d{2}-\d{2}$/.test(start) ? new Date(`${start}T00:00:00Z`) : new Date(NaN)
    if (Number.isNaN(earliestStart.getTime())) return { ok: false, problem: { field: 'earliestStart', reason: 'date' } }
  }
  const value: EstimateValues = {
    hoursCenti: hours as number | null,
    hourlyRateMinor: rate as number | null,
    fixedPriceMinor: price as number | null,
    durationDays,
    earliestStart,
  }
  const problem = estimateProblem(value)
  return problem ? { ok: false, problem } : { ok: true, value }
}

/** The form field that carries a stored estimate figure (for field-level messages). */
export const ESTIMATE_FORM_FIELD: Record<EstimateField, string> = {
  hoursCenti: 'hours',
  hourlyRateMinor: 'hourlyRate',
  fixedPriceMinor: 'fixedPrice',
  durationDays: 'durationDays',
  earliestStart: 'earliestStart',
}

const text = (max: number) => z.string().trim().max(max)
const id = z.string().min(1).max(64)
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
/** "FR-001, int-002" → ['FR-001', 'INT-002'] */
const codeList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? [...new Set(v.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))]
      : [],
  z.array(z.string().max(20)).max(50),
)

/** What the lead writes about an item (the vendor's figures are separate). */
export const ImprovementFieldsSchema = z.object({
  title: text(200).min(1),
  description: text(4000).default(''),
  feasibility: z.enum(FEASIBILITIES),
  stage: z.enum(STAGES),
  mustBeforeGoLive: checkbox,
  sequential: checkbox,
  requirementCodes: codeList,
})
export type ImprovementFields = z.output<typeof ImprovementFieldsSchema>

export const CreateImprovementSchema = ImprovementFieldsSchema.extend({ intent: z.literal('create'), candidateId: id })
export const GenerateSchema = z.object({ intent: z.literal('generate') })
const codes = z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(z.string().max(20)).min(1).max(2000))
export const SendSelectedSchema = z.object({ intent: z.literal('send-selected'), codes })

export const ImprovementsActionSchema = z.discriminatedUnion('intent', [CreateImprovementSchema, GenerateSchema, SendSelectedSchema])

const version = z.coerce.number().int().min(1)
export const TRANSITIONS = ['accept', 'dismiss', 'send', 'agree', 'reject', 'send-back', 'reopen'] as const
export type Transition = (typeof TRANSITIONS)[number]

export const EditImprovementSchema = ImprovementFieldsSchema.extend({ intent: z.literal('edit'), version })
export const TransitionSchema = z.object({
  intent: z.literal('transition'),
  transition: z.enum(TRANSITIONS),
  version,
  comment: text(2000).default(''),
})
export const EstimateSchema = z.object({
  intent: z.literal('estimate'),
  version,
  hours: text(40).default(''),
  hourlyRate: text(40).default(''),
  fixedPrice: text(40).default(''),
  durationDays: text(10).default(''),
  earliestStart: text(20).default(''),
  feasibility: z.enum(FEASIBILITIES),
  vendorComment: text(4000).default(''),
})
export const ImprovementActionSchema = z.discriminatedUnion('intent', [EditImprovementSchema, TransitionSchema, EstimateSchema])

export const ListFiltersSchema = z.object({
  candidate: z.string().max(64).optional().catch(undefined),
  status: z.enum(IMPROVEMENT_STATUSES).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  feasibility: z.enum(FEASIBILITIES).optional().catch(undefined),
})
export type ListFilters = z.output<typeof ListFiltersSchema>
