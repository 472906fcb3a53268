import { z } from 'zod'
import type { SpecDraft } from '~/document/build.server'
import { allSections, getSpecTemplate, loadSpecTemplates, type SpecTemplate } from '~/document/templates.server'
import type { Db, Tx } from '~/utils/db.server'
import { parseRichText, richTextToPlainText, type RichTextDoc } from '~/utils/rich-text'
import { recordAudit } from './audit.server'

/**
 * The specification draft (one per project): the template, the title-sheet fields, the
 * free-text sections, which optional sections are left out, the order of the sections (for a
 * template without a standard's fixed order) and the planned signers. Reading never writes: a
 * project without a stored draft gets defaults at revision 0. Saving names the revision it
 * edited (optimistic lock), validates everything first and writes with its audit event.
 */

export const SIGNING_ORDERS = ['sequential', 'parallel'] as const
export type SigningOrder = (typeof SIGNING_ORDERS)[number]

export type PlannedSigner = { userId: string; party: 'client' | 'vendor'; meaning: 'approved' | 'agreed'; role: string }

export type DraftRecord = {
  templateId: string
  titleFields: Record<string, string>
  freeText: Record<string, RichTextDoc>
  excluded: string[]
  sectionOrder: string[]
  signers: PlannedSigner[]
  signingOrder: SigningOrder
  revision: number
  updatedAt: Date | null
}

export const TITLE_FIELD_MAX = 2000
export const SIGNERS_MAX = 8

const plannedSigner = z.object({
  userId: z.string().min(1),
  party: z.enum(['client', 'vendor']),
  meaning: z.enum(['approved', 'agreed']),
  role: z.string().trim().max(120).default(''),
})

/** What a save may change; every part is optional and replaces the stored part whole. */
export const draftPatchSchema = z.object({
  templateId: z.string().min(1).optional(),
  titleFields: z.record(z.string().min(1).max(80), z.string().max(TITLE_FIELD_MAX, { error: `At most ${TITLE_FIELD_MAX} characters.` })).optional(),
  freeText: z.record(z.string().min(1).max(80), z.unknown()).optional(),
  excluded: z.array(z.string().min(1).max(80)).max(200).optional(),
  sectionOrder: z.array(z.string().min(1).max(80)).max(200).optional(),
  signers: z.array(plannedSigner).max(SIGNERS_MAX).optional(),
  signingOrder: z.enum(SIGNING_ORDERS).optional(),
})
export type DraftPatch = z.infer<typeof draftPatchSchema>

function parseJson<T>(raw: string, fallback: T): T {
  try {
    return JSON.parse(raw) as T
  } catch {
    return fallback
  }
}

export function defaultTemplateId(documentLanguage: string): string {
  return documentLanguage === 'ru' ? 'gost-34-602-2020' : 'short'
}

export async function getDraft(db: Tx, projectId: string): Promise<DraftRecord> {
  const row = await db.specDraft.findUnique({ where: { projectId } })
  if (!row) {
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { documentLanguage: true } })
    return { templateId: defaultTemplateId(project.documentLanguage), titleFields: {}, freeText: {}, excluded: [], sectionOrder: [], signers: [], signingOrder: 'sequential', revision: 0, updatedAt: null }
  }
  return {
    templateId: getSpecTemplate(row.templateId) ? row.templateId : 'short',
    titleFields: parseJson(row.titleFields, {}),
    freeText: parseJson(row.freeText, {}),
    excluded: parseJson(row.excluded, []),
    sectionOrder: parseJson(row.sectionOrder, []),
    signers: parseJson(row.signers, []),
    signingOrder: row.signingOrder === 'parallel' ? 'parallel' : 'sequential',
    revision: row.revision,
    updatedAt: row.updatedAt,
  }
}

/** The builder's input from a draft record. */
export function builderInput(draft: DraftRecord): SpecDraft {
  return { templateId: draft.templateId, titleFields: draft.titleFields, freeText: draft.freeText, excluded: draft.excluded, sectionOrder: draft.sectionOrder }
}

/** Title-field keys a template knows, groups expanded ("approverClient.name"). */
export function titleFieldKeys(template: SpecTemplate): string[] {
  return template.titleSheet.fields.flatMap((f) => {
    const sub = (f as { fields?: { key: string }[] }).fields
    return f.type === 'group' && Array.isArray(sub) ? sub.map((s) => `${f.key}.${s.key}`) : [f.key]
  })
}

/** Why a patch is invalid, for callers to word in their own language (`message` is English). */
export type DraftErrorCode =
  | 'template'
  | 'unknownField'
  | 'unknownSection'
  | 'richText'
  | 'excluded'
  | 'order'
  | 'signerNotMember'
  | 'signerTwice'
  | 'signerObserver'
  | 'vendorParty'
  | 'clientParty'

export type DraftFailure =
  | { ok: false; error: 'stale'; revision: number }
  | { ok: false; error: 'invalid'; field: string; code: DraftErrorCode; message: string }

/**
 * Validates a patch against the template it will use and the project's members; the
 * returned failure names the field (e.g. `freeText.2`, `signers.1.userId`).
 */
async function validatePatch(tx: Tx, projectId: string, current: DraftRecord, patch: DraftPatch): Promise<DraftFailure | { ok: true; next: DraftRecord }> {
  const invalid = (field: string, code: DraftErrorCode, message: string) => ({ ok: false, error: 'invalid', field, code, message }) as const
  const templateId = patch.templateId ?? current.templateId
  const template = getSpecTemplate(templateId)
  if (!template) return invalid('templateId', 'template', `Unknown template "${templateId}". Known: ${[...loadSpecTemplates().keys()].join(', ')}.`)
  const sections = allSections([...template.sections, ...template.appendices])
  const byId = new Map(sections.map((s) => [s.id, s]))

  const titleFields: Record<string, string> = {}
  const knownKeys = new Set(titleFieldKeys(template))
  for (const [key, value] of Object.entries(patch.titleFields ?? current.titleFields)) {
    // Fields of another template are kept, so switching templates back and forth loses nothing.
    if (patch.titleFields && !knownKeys.has(key) && !(key in current.titleFields)) return invalid(`titleFields.${key}`, 'unknownField', `The template has no title field "${key}".`)
    if (value.trim()) titleFields[key] = value.trim()
  }

  const freeText: Record<string, RichTextDoc> = {}
  for (const [id, raw] of Object.entries(patch.freeText ?? current.freeText)) {
    if (patch.freeText && !byId.has(id) && !(id in current.freeText)) return invalid(`freeText.${id}`, 'unknownSection', `The template has no section "${id}".`)
    const parsed = parseRichText(raw)
    if (!parsed.ok) return invalid(`freeText.${id}`, 'richText', parsed.error)
    // An empty editor stores nothing: the section then shows its generated content or its empty note.
    if (richTextToPlainText(parsed.doc).trim()) freeText[id] = parsed.doc
  }

  const excluded = [...new Set(patch.excluded ?? current.excluded)]
  for (const id of excluded) {
    const s = byId.get(id)
    if (patch.excluded && !s) return invalid('excluded', 'excluded', `The template has no section "${id}".`)
    if (s?.mandatory) return invalid('excluded', 'excluded', `Section ${id} is mandatory and cannot be left out.`)
  }
  const sectionOrder = [...new Set(patch.sectionOrder ?? current.sectionOrder)]
  if (patch.sectionOrder) {
    const top = new Set(template.sections.map((s) => s.id))
    const unknown = sectionOrder.find((id) => !top.has(id))
    if (unknown) return invalid('sectionOrder', 'order', `"${unknown}" is not a top-level section of the template.`)
  }

  const signers = patch.signers ?? current.signers
  if (patch.signers) {
    const members = await tx.membership.findMany({ where: { projectId }, select: { userId: true, role: true } })
    const roleOf = new Map(members.map((m) => [m.userId, m.role]))
    const seen = new Set<string>()
    for (const [i, s] of signers.entries()) {
      const role = roleOf.get(s.userId)
      if (!role) return invalid(`signers.${i}.userId`, 'signerNotMember', 'The signer is not a member of this project.')
      if (seen.has(s.userId)) return invalid(`signers.${i}.userId`, 'signerTwice', 'A person can hold only one signature slot.')
      seen.add(s.userId)
      if (role === 'observer') return invalid(`signers.${i}.userId`, 'signerObserver', 'An observer cannot sign.')
      if (s.party === 'vendor' && role !== 'vendor') return invalid(`signers.${i}.party`, 'vendorParty', 'Only a vendor representative signs for the vendor.')
      if (s.party === 'client' && role === 'vendor') return invalid(`signers.${i}.party`, 'clientParty', 'A vendor representative cannot sign for the client.')
    }
  }
  return {
    ok: true,
    next: { templateId, titleFields, freeText, excluded, sectionOrder, signers, signingOrder: patch.signingOrder ?? current.signingOrder, revision: current.revision + 1, updatedAt: null },
  }
}

export async function saveDraft(db: Db, actorId: string, projectId: string, revision: number, patch: DraftPatch) {
  return db.$transaction(async (tx): Promise<{ ok: true; revision: number } | DraftFailure> => {
    const current = await getDraft(tx, projectId)
    if (current.revision !== revision) return { ok: false, error: 'stale', revision: current.revision }
    const result = await validatePatch(tx, projectId, current, patch)
    if (!result.ok) return result
    const { next } = result
    const data = {
      templateId: next.templateId,
      titleFields: JSON.stringify(next.titleFields),
      freeText: JSON.stringify(next.freeText),
      excluded: JSON.stringify(next.excluded),
      sectionOrder: JSON.stringify(next.sectionOrder),
      signers: JSON.stringify(next.signers),
      signingOrder: next.signingOrder,
      updatedById: actorId,
    }
    if (revision === 0) {
      await tx.specDraft.create({ data: { projectId, ...data, revision: 1 } })
    } else {
      const { count } = await tx.specDraft.updateMany({ where: { projectId, revision }, data: { ...data, revision: { increment: 1 } } })
      if (count === 0) return { ok: false, error: 'stale', revision: (await getDraft(tx, projectId)).revision }
    }
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'spec.draft.save',
      entityType: 'spec_draft',
      entityId: projectId,
      after: { templateId: next.templateId, changed: Object.keys(patch).sort(), revision: revision + 1 },
    })
    return { ok: true, revision: revision + 1 }
  })
}
