import { z } from 'zod'

const id = z.string().min(1).max(64)
const optionalId = z
  .string()
  .max(64)
  .optional()
  .transform((v) => (v ? v : null))

/** An `<input type="date">` value (YYYY-MM-DD) as UTC midnight, or null when left empty. */
const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.format' })
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'errors.format' })
      .transform((v) => new Date(`${v}T00:00:00Z`))
      .nullable(),
  )

export const INTERVIEW_STATUSES = ['planned', 'done', 'cancelled'] as const
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number]

const headerFields = {
  intervieweeName: z.string().trim().max(200).default(''),
  intervieweePosition: z.string().trim().max(200).default(''),
  departmentId: optionalId,
  interviewerId: optionalId,
  date: optionalDate,
}

export const CreateInterviewSchema = z
  .object({
    intent: z.literal('create'),
    ...headerFields,
    intervieweeMemberId: optionalId,
    guideId: optionalId,
  })
  // A name is needed unless a project member is chosen (their name is used then).
  .refine((v) => v.intervieweeName !== '' || v.intervieweeMemberId !== null, {
    path: ['intervieweeName'],
    error: 'errors.required',
  })

/** Rich-text fields arrive as JSON strings; parseRichText checks them (and their 200 KB cap). */
const richTextField = z.string().max(400_000).default('')

export const SaveInterviewSchema = z.object({
  intent: z.literal('save'),
  ...headerFields,
  intervieweeName: z.string().trim().min(1).max(200),
  status: z.enum(INTERVIEW_STATUSES),
  version: z.coerce.number().int().min(1),
  notes: richTextField,
})

/** The answers of a save: one hidden field `answer.<answerId>` per question. */
export function answerFields(form: FormData): { id: string; content: string }[] {
  const answers: { id: string; content: string }[] = []
  for (const [key, value] of form.entries()) {
    if (!key.startsWith('answer.') || typeof value !== 'string') continue
    const parsed = z.object({ id, content: richTextField }).safeParse({ id: key.slice('answer.'.length), content: value })
    if (parsed.success) answers.push(parsed.data)
  }
  return answers
}

export const HighlightSchema = z.object({
  intent: z.literal('highlight'),
  // Empty: the interview's free notes.
  answerId: optionalId,
  startOffset: z.coerce.number().int().min(0),
  endOffset: z.coerce.number().int().min(1),
  quote: z.string().min(1).max(20_000),
})

export const DeleteHighlightSchema = z.object({ intent: z.literal('delete-highlight'), highlightId: id })
export const DeleteInterviewSchema = z.object({ intent: z.literal('delete-interview') })

export const InterviewActionSchema = z.discriminatedUnion('intent', [
  SaveInterviewSchema,
  HighlightSchema,
  DeleteHighlightSchema,
  DeleteInterviewSchema,
])

export const CopyGuideSchema = z.object({
  intent: z.literal('copy'),
  templateId: z.string().regex(/^[a-z0-9-]+$/).max(64),
  language: z.enum(['en', 'ru']),
})

const questionFields = {
  section: z.string().trim().max(200).default(''),
  text: z.string().trim().min(1).max(2000),
  hint: z.string().trim().max(2000).default(''),
}

export const GuideActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('update-guide'),
    title: z.string().trim().min(1).max(200),
    department: z.string().trim().max(200).default(''),
    description: z.string().trim().max(4000).default(''),
  }),
  z.object({ intent: z.literal('add-question'), ...questionFields }),
  z.object({ intent: z.literal('update-question'), questionId: id, ...questionFields }),
  z.object({ intent: z.literal('delete-question'), questionId: id }),
  z.object({ intent: z.literal('move-question'), questionId: id, direction: z.enum(['up', 'down']) }),
  z.object({ intent: z.literal('delete-guide') }),
])
