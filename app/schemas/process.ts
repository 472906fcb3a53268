import { z } from 'zod'
import type { T } from '~/i18n'
import { formValues, issueMessage, type Parsed } from '~/utils/validation'

/** What happens to a step in the to-be process. */
export const VERDICTS = ['keep', 'simplify', 'automate', 'remove'] as const
export type Verdict = (typeof VERDICTS)[number]

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && (VERDICTS as readonly string[]).includes(value)
}

const id = z.string().min(1).max(64)
const optionalId = z
  .string()
  .max(64)
  .optional()
  .transform((v) => (v ? v : null))
const direction = z.enum(['up', 'down'])

export const ProcessFieldsSchema = z.object({
  name: z.string().trim().min(1).max(160),
  departmentId: optionalId,
  description: z.string().trim().max(4000).default(''),
})
export type ProcessFields = z.output<typeof ProcessFieldsSchema>

/**
 * A step's fields. A verdict other than "keep" changes the process, so it must say why:
 * the reason is what the working group reads when it later asks "why was this removed?".
 */
export const StepFieldsSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    actor: z.string().trim().max(120).default(''),
    action: z.string().trim().max(2000).default(''),
    tool: z.string().trim().max(120).default(''),
    duration: z.string().trim().max(60).default(''),
    verdict: z.enum(VERDICTS),
    verdictReason: z.string().trim().max(1000).default(''),
  })
  .superRefine((step, ctx) => {
    if (step.verdict !== 'keep' && step.verdictReason === '') {
      ctx.addIssue({ code: 'custom', path: ['verdictReason'], message: `processes.reasonRequired.${step.verdict}` })
    }
  })
export type StepFields = z.output<typeof StepFieldsSchema>

// The list page: create, reorder, delete processes.
export const ProcessesActionSchema = z.discriminatedUnion('intent', [
  ProcessFieldsSchema.extend({ intent: z.literal('create-process') }),
  z.object({ intent: z.literal('move-process'), processId: id, direction }),
  z.object({ intent: z.literal('delete-process'), processId: id }),
])

// A step form posts its fields plus the intent; zod's discriminated union needs plain objects,
// so the step variants are validated in two passes (intent first, then StepFieldsSchema).
export const ProcessActionSchema = z.discriminatedUnion('intent', [
  ProcessFieldsSchema.extend({ intent: z.literal('update-process'), version: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal('delete-process') }),
  z.object({ intent: z.literal('add-step'), afterStepId: optionalId }),
  z.object({ intent: z.literal('update-step'), stepId: id, updatedAt: z.string().max(40).default('') }),
  z.object({ intent: z.literal('delete-step'), stepId: id }),
  z.object({ intent: z.literal('move-step'), stepId: id, direction }),
  z.object({
    intent: z.literal('link-requirement'),
    stepId: id,
    code: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .transform((c) => c.toUpperCase()),
  }),
  z.object({ intent: z.literal('unlink-requirement'), stepId: id, requirementId: id }),
])
export type ProcessAction = z.output<typeof ProcessActionSchema>

/**
 * Like parseWith, but messages may also be keys of the processes namespace (a custom issue
 * whose message is `processes.…`), so a rule can say exactly what is missing.
 */
export function parseProcessForm<S extends z.ZodType>(schema: S, form: FormData, t: T): Parsed<z.output<S>> {
  const values = formValues(form)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, value: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : '_form'
    errors[field] ??= issue.message.startsWith('processes.') ? t(issue.message) : issueMessage(issue, t)
  }
  return { ok: false, errors, values }
}
