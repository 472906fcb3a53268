import { z } from 'zod'
import type { T } from '~/i18n'
import { parseHundredths } from '~/utils/money'
import { formValues, issueMessage, type Parsed } from '~/utils/validation'

/** A project compares at most this many candidate systems (3–4 is typical). */
export const CANDIDATE_LIMIT = 10
export const HOSTINGS = ['cloud', 'on_premise', 'both'] as const
export const LICENCE_MODELS = ['subscription', 'perpetual'] as const
export type Hosting = (typeof HOSTINGS)[number]
export type LicenceModel = (typeof LICENCE_MODELS)[number]

/** Above this an amount is a typing slip, not a price: 10^12 minor units (ten billion in major units). */
export const MAX_MONEY_MINOR = 1_000_000_000_000
export const MAX_USERS = 100_000
/** Licence cost over the longest TCO horizon must stay far below Number.MAX_SAFE_INTEGER. */
export const MAX_LICENCE_MINOR = 1_000_000_000_000_000
export const TCO_YEARS_MIN = 1
export const TCO_YEARS_MAX = 10

export const MONEY_FIELDS = ['pricePerUserMonthMinor', 'perpetualPerUserMinor', 'implementationCostMinor', 'annualSupportCostMinor'] as const
export type MoneyField = (typeof MONEY_FIELDS)[number]

/** An amount typed as text ("1 250 000,50"): empty means 0; negative, malformed or absurd is refused. */
const money = z
  .string()
  .trim()
  .max(40)
  .default('')
  .transform((text, ctx) => {
    if (text === '') return 0
    const minor = parseHundredths(text)
    if (minor === null) {
      ctx.addIssue({ code: 'custom', message: 'candidates.errors.moneyFormat' })
      return z.NEVER
    }
    if (minor < 0) {
      ctx.addIssue({ code: 'custom', message: 'candidates.errors.moneyNegative' })
      return z.NEVER
    }
    if (minor > MAX_MONEY_MINOR) {
      ctx.addIssue({ code: 'custom', message: 'candidates.errors.moneyAbsurd' })
      return z.NEVER
    }
    return minor
  })

const text = (max: number) => z.string().trim().max(max).default('')

export const CandidateFieldsSchema = z
  .object({
    vendor: z.string().trim().min(1).max(160),
    product: z.string().trim().min(1).max(160),
    edition: text(120),
    productVersion: text(60),
    hosting: z.enum(HOSTINGS),
    licenceModel: z.enum(LICENCE_MODELS),
    pricePerUserMonthMinor: money,
    perpetualPerUserMinor: money,
    users: z.coerce
      .number({ error: 'candidates.errors.users' })
      .int({ error: 'candidates.errors.users' })
      .min(1, { error: 'candidates.errors.users' })
      .max(MAX_USERS, { error: 'candidates.errors.users' }),
    implementationCostMinor: money,
    annualSupportCostMinor: money,
    demoAccess: text(2000),
    contacts: text(2000),
  })
  .superRefine((c, ctx) => {
    // Only the price of the chosen model counts; the other is kept at 0 so the figures never disagree.
    const price = c.licenceModel === 'subscription' ? c.pricePerUserMonthMinor * 12 * TCO_YEARS_MAX : c.perpetualPerUserMinor
    if (price * c.users > MAX_LICENCE_MINOR) {
      const path = c.licenceModel === 'subscription' ? 'pricePerUserMonthMinor' : 'perpetualPerUserMinor'
      ctx.addIssue({ code: 'custom', path: [path], message: 'candidates.errors.licenceAbsurd' })
    }
  })
  .transform((c) => ({
    ...c,
    pricePerUserMonthMinor: c.licenceModel === 'subscription' ? c.pricePerUserMonthMinor : 0,
    perpetualPerUserMinor: c.licenceModel === 'perpetual' ? c.perpetualPerUserMinor : 0,
  }))
export type CandidateFields = z.output<typeof CandidateFieldsSchema>

const id = z.string().min(1).max(64)
const version = z.coerce.number().int().min(0)

// The list page: create, reorder.
export const CandidatesActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('move'), candidateId: id, direction: z.enum(['up', 'down']) }),
])

// One candidate's page: edit (optimistic lock), delete.
export const CandidateDeleteSchema = z.object({ intent: z.literal('delete') })
export const CandidateVersionSchema = z.object({ version })

export const TcoYearsSchema = z.object({
  intent: z.literal('set-years'),
  tcoYears: z.coerce.number().int().min(TCO_YEARS_MIN).max(TCO_YEARS_MAX),
})

/**
 * The decision form. `reason.<candidateId>` fields carry the reason each other candidate was
 * rejected; the route gathers them (their ids are checked against the project in the model).
 */
export const DecisionSaveSchema = z.object({
  intent: z.literal('save-decision'),
  version,
  chosenCandidateId: z
    .string()
    .max(64)
    .optional()
    .transform((v) => (v ? v : null)),
  rationale: z.string().max(300_000).default(''),
})
export const DecisionSignOffSchema = z.object({ intent: z.literal('sign-off'), version })
export const DecisionReopenSchema = z.object({ intent: z.literal('reopen'), version })
export const DecisionActionSchema = z.discriminatedUnion('intent', [TcoYearsSchema, DecisionSaveSchema, DecisionSignOffSchema, DecisionReopenSchema])

export const REASON_MAX = 2000

/** `reason.<id>` form fields → [{ candidateId, reason }] (trimmed; empty reasons kept as ''). */
export function reasonsFrom(form: FormData): { candidateId: string; reason: string }[] {
  const out: { candidateId: string; reason: string }[] = []
  for (const [key, value] of form.entries()) {
    if (!key.startsWith('reason.') || typeof value !== 'string') continue
    out.push({ candidateId: key.slice('reason.'.length).slice(0, 64), reason: value.trim() })
  }
  return out
}

/**
 * Like parseWith, but the candidates' own messages are translated with the field's label,
 * so "must not be negative" always says which amount.
 */
export function parseCandidateForm<S extends z.ZodType>(schema: S, form: FormData, t: T): Parsed<z.output<S>> {
  const values = formValues(form)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, value: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : '_form'
    errors[field] ??= issue.message.startsWith('candidates.')
      ? t(issue.message, { field: t(`candidates.field.${field}`), max: MAX_USERS })
      : issueMessage(issue, t)
  }
  return { ok: false, errors, values }
}
