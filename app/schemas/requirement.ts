import { z } from 'zod'
import type { T } from '~/i18n'
import { formValues, issueMessage, type FieldErrors, type FormValues, type Parsed } from '~/utils/validation'

export const REQUIREMENT_TYPES = ['functional', 'integration', 'reporting', 'data_migration', 'security', 'non_functional'] as const
export type RequirementType = (typeof REQUIREMENT_TYPES)[number]
export const CODE_PREFIX: Record<RequirementType, string> = {
  functional: 'FR',
  integration: 'INT',
  reporting: 'REP',
  data_migration: 'MIG',
  security: 'SEC',
  non_functional: 'NFR',
}
export const PRIORITIES = ['must', 'should', 'could'] as const
export const STATUSES = ['draft', 'proposed', 'approved', 'rejected', 'deferred'] as const
export type RequirementStatus = (typeof STATUSES)[number]
/** Decisions only the lead takes (requirement.approve): entering or leaving one of these. */
export const DECISION_STATUSES: readonly RequirementStatus[] = ['approved', 'rejected', 'deferred']
export const STAGES = ['1', '2', '3', 'later'] as const
export const INTEGRATION_SYSTEMS = ['website', 'telephony', 'accounting', 'email', 'messenger', 'other'] as const
export const DIRECTIONS = ['in', 'out', 'both'] as const
export const LINK_KINDS = ['refines', 'depends_on', 'conflicts_with'] as const
export const COMMENT_KINDS = ['remark', 'justification', 'decision'] as const

export const MAX_TAGS = 20
export const MAX_TAG_LENGTH = 40
export const MAX_DATA_OBJECTS = 30

/**
 * Data objects that name nothing in particular: "integrate everything" is not a requirement.
 * Compared after lower-casing, ё→е and stripping punctuation; "all invoices" is fine, "all" is not.
 */
const VAGUE_DATA_OBJECTS = new Set([
  'everything',
  'all',
  'all data',
  'all the data',
  'any data',
  'anything',
  'data',
  'information',
  'all information',
  'whole database',
  'the whole database',
  'entire database',
  'the entire database',
  'everything else',
  'etc',
  'все',
  'всё',
  'все данные',
  'всё подряд',
  'все подряд',
  'любые данные',
  'данные',
  'информация',
  'вся информация',
  'всю информацию',
  'вся база',
  'всю базу',
  'база целиком',
  'все остальное',
  'и т д',
  'и тд',
])

function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const VAGUE_NORMALISED = new Set([...VAGUE_DATA_OBJECTS].map(normaliseWords))

export function isVagueDataObject(text: string): boolean {
  return VAGUE_NORMALISED.has(normaliseWords(text))
}

/** "a, b, a" → ['a', 'b']: trimmed, empty parts dropped, duplicates (case-insensitive) dropped. */
export function splitList(raw: string, separator: RegExp = /,/): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const part of raw.split(separator)) {
    const item = part.trim()
    if (!item || seen.has(item.toLowerCase())) continue
    seen.add(item.toLowerCase())
    out.push(item)
  }
  return out
}

const text = (max: number) => z.string().trim().max(max)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null))

/** A requirement as the model accepts it (form and import both end here). */
export const RequirementInputSchema = z
  .object({
    title: text(200).min(1),
    // Rich-text JSON, or plain text (paragraph per line) until the editor is in place.
    statement: z.string().max(200_000).default(''),
    rationale: text(4000).default(''),
    acceptanceCriterion: text(4000).default(''),
    type: z.enum(REQUIREMENT_TYPES),
    priority: z.enum(PRIORITIES),
    departmentId: optionalText(64),
    status: z.enum(STATUSES).default('draft'),
    stage: z.enum(STAGES),
    tags: z
      .array(z.string().max(MAX_TAG_LENGTH, { error: 'requirements.errors.tagTooLong' }))
      .max(MAX_TAGS, { error: 'requirements.errors.tooManyTags' })
      .default([]),
    integrationSystem: z.enum(INTEGRATION_SYSTEMS).nullish().transform((v) => v ?? null),
    integrationSystemName: optionalText(200),
    integrationDirection: z.enum(DIRECTIONS).nullish().transform((v) => v ?? null),
    integrationDataIn: z
      .array(z.string().max(120, { error: 'requirements.errors.dataObjectTooLong' }))
      .max(MAX_DATA_OBJECTS, { error: 'requirements.errors.tooManyDataObjects' })
      .default([]),
    integrationDataOut: z
      .array(z.string().max(120, { error: 'requirements.errors.dataObjectTooLong' }))
      .max(MAX_DATA_OBJECTS, { error: 'requirements.errors.tooManyDataObjects' })
      .default([]),
    integrationTrigger: optionalText(200),
    integrationVolume: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.type !== 'integration') return
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (!v.integrationSystem) need('integrationSystem', 'requirements.errors.systemRequired')
    if (v.integrationSystem === 'other' && !v.integrationSystemName) need('integrationSystemName', 'requirements.errors.systemNameRequired')
    if (!v.integrationDirection) need('integrationDirection', 'requirements.errors.directionRequired')
    const wantsIn = v.integrationDirection === 'in' || v.integrationDirection === 'both'
    const wantsOut = v.integrationDirection === 'out' || v.integrationDirection === 'both'
    for (const [field, wanted, list] of [
      ['integrationDataIn', wantsIn, v.integrationDataIn],
      ['integrationDataOut', wantsOut, v.integrationDataOut],
    ] as const) {
      const vague = list.find(isVagueDataObject)
      if (vague !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'requirements.errors.vagueDataObject', params: { word: vague } })
      else if (wanted && list.length === 0) need(field, field === 'integrationDataIn' ? 'requirements.errors.dataInRequired' : 'requirements.errors.dataOutRequired')
    }
    if (!v.integrationTrigger) need('integrationTrigger', 'requirements.errors.triggerRequired')
    if (!v.integrationVolume) need('integrationVolume', 'requirements.errors.volumeRequired')
  })
  .transform((v) =>
    v.type === 'integration'
      ? {
          ...v,
          // A one-way integration keeps no list for the other direction.
          integrationDataIn: v.integrationDirection === 'out' ? [] : v.integrationDataIn,
          integrationDataOut: v.integrationDirection === 'in' ? [] : v.integrationDataOut,
        }
      : {
          ...v,
          integrationSystem: null,
          integrationSystemName: null,
          integrationDirection: null,
          integrationDataIn: [],
          integrationDataOut: [],
          integrationTrigger: null,
          integrationVolume: null,
        },
  )

export type RequirementInput = z.output<typeof RequirementInputSchema>
export type RequirementInputDraft = z.input<typeof RequirementInputSchema>

const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** Form fields (all strings) → the model's input shape; validation then happens once, in RequirementInputSchema. */
function formToInput(raw: unknown) {
  const f = (raw ?? {}) as FormValues
  return {
    title: str(f.title),
    statement: str(f.statement),
    rationale: str(f.rationale),
    acceptanceCriterion: str(f.acceptanceCriterion),
    type: f.type,
    priority: f.priority,
    departmentId: str(f.departmentId),
    status: f.status || undefined,
    stage: f.stage,
    tags: splitList(str(f.tags)),
    integrationSystem: f.integrationSystem || null,
    integrationSystemName: str(f.integrationSystemName),
    integrationDirection: f.integrationDirection || null,
    integrationDataIn: splitList(str(f.integrationDataIn), /[,\n;]/),
    integrationDataOut: splitList(str(f.integrationDataOut), /[,\n;]/),
    integrationTrigger: str(f.integrationTrigger),
    integrationVolume: str(f.integrationVolume),
  }
}

export const RequirementFormSchema = z.preprocess(formToInput, RequirementInputSchema)

const id = z.string().min(1).max(64)
const ids = z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(id).min(1, { error: 'requirements.errors.selectSome' }).max(2000))

export const SaveRequirementSchema = z.object({
  intent: z.literal('save'),
  version: z.coerce.number().int().min(1),
})

export const SourceParamsSchema = z.object({
  sourceHighlightId: optionalText(64),
  sourceStepId: optionalText(64),
})

export const StatusSchema = z.object({ intent: z.literal('status'), status: z.enum(STATUSES) })
export const DeleteSchema = z.object({ intent: z.literal('delete') })
export const AddLinkSchema = z.object({
  intent: z.literal('add-link'),
  targetCode: z.string().trim().toUpperCase().min(1).max(20),
  kind: z.enum(LINK_KINDS),
})
export const RemoveLinkSchema = z.object({ intent: z.literal('remove-link'), linkId: id })
export const RateSchema = z.object({
  intent: z.literal('rate'),
  importance: z.coerce.number().int().min(1).max(5),
  comment: text(1000).default(''),
})
export const CommentSchema = z.object({
  intent: z.literal('comment'),
  kind: z.enum(COMMENT_KINDS),
  body: text(4000).min(1),
  parentId: optionalText(64),
})
export const RemoveSourceSchema = z.object({ intent: z.literal('remove-source'), sourceId: id })

export const RequirementPageActionSchema = z.discriminatedUnion('intent', [
  StatusSchema,
  DeleteSchema,
  AddLinkSchema,
  RemoveLinkSchema,
  RateSchema,
  CommentSchema,
  RemoveSourceSchema,
])

const optionalEnum = <E extends readonly [string, ...string[]]>(values: E) =>
  z
    .enum(values)
    .optional()
    .or(z.literal('').transform(() => undefined))

export const BulkSchema = z
  .object({
    intent: z.literal('bulk'),
    ids,
    status: optionalEnum(STATUSES),
    stage: optionalEnum(STAGES),
    priority: optionalEnum(PRIORITIES),
  })
  .refine((v) => v.status || v.stage || v.priority, { error: 'requirements.errors.bulkNothing', path: ['status'] })

export const ImportSchema = z.object({ keys: z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(z.string().min(1).max(80)).min(1, { error: 'requirements.errors.selectSome' }).max(500)) })

export const SORTS = ['code', 'title', 'priority', 'status', 'updated', 'rating'] as const

/** The list's query string; anything unknown falls back to "no filter" rather than an error page. */
export const ListQuerySchema = z.object({
  type: z.enum(REQUIREMENT_TYPES).optional().catch(undefined),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  department: z.string().max(64).optional().catch(undefined),
  tag: z.string().trim().max(MAX_TAG_LENGTH).optional().catch(undefined),
  lint: z.string().max(80).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  unrated: z.literal('1').optional().catch(undefined),
  sort: z.enum(SORTS).catch('code'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type ListQuery = z.output<typeof ListQuerySchema>

/**
 * Like parseWith, but messages of this area's own rules (`requirements.errors.*`) are translated
 * with their parameters, and an error on a list item (`tags.3`) is reported on the field (`tags`).
 */
export function parseRequirementForm<S extends z.ZodType>(schema: S, form: FormData, t: T): Parsed<z.output<S>> {
  const values = formValues(form)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, value: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_form'
    if (errors[field]) continue
    if (issue.message.startsWith('requirements.')) {
      const params = 'params' in issue && issue.params ? (issue.params as Record<string, string>) : {}
      errors[field] = t(issue.message, { max: MAX_TAG_LENGTH, maxTags: MAX_TAGS, ...params })
    } else errors[field] = issueMessage(issue, t)
  }
  return { ok: false, errors, values }
}
