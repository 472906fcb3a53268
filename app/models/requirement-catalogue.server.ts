import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { DIRECTIONS, INTEGRATION_SYSTEMS, PRIORITIES, REQUIREMENT_TYPES, RequirementInputSchema, type RequirementInput } from '~/schemas/requirement'
import type { Db, Tx } from '~/utils/db.server'
import { insertRequirement } from './requirement.server'

// Catalogues ship as data files (templates/…) so they can be extended without code changes.
// They are read at call time from the working directory and validated; a broken file is an
// operator's error and fails loudly with the file named.

const Localised = z.object({ en: z.string().min(1), ru: z.string().min(1) })

const CatalogueItem = z.object({
  key: z.string().min(1).max(80),
  type: z.enum(REQUIREMENT_TYPES),
  priority: z.enum(PRIORITIES),
  group: Localised,
  title: Localised,
  statement: Localised,
  rationale: Localised,
  acceptanceCriterion: Localised,
  tags: z.array(z.string()).default([]),
  integration: z
    .object({
      system: z.enum(INTEGRATION_SYSTEMS),
      systemName: Localised.optional(),
      direction: z.enum(DIRECTIONS),
      dataIn: z.array(z.string()).optional(),
      dataOut: z.array(z.string()).optional(),
      trigger: Localised,
      volume: Localised,
    })
    .optional(),
})

const CatalogueFile = z.object({
  version: z.number(),
  id: z.string(),
  title: Localised,
  description: Localised,
  items: z.array(CatalogueItem).min(1),
})

export type CatalogueItem = z.output<typeof CatalogueItem>
export type Catalogue = z.output<typeof CatalogueFile>
export type Language = 'en' | 'ru'

export const CRM_CATALOGUE = 'requirement-catalogues/crm-typical.json'
export const SECURITY_CHECKLIST = 'security-checklist.json'

const cache = new Map<string, Catalogue>()

export function loadCatalogue(file: string): Catalogue {
  const cached = cache.get(file)
  if (cached) return cached
  const full = path.join(process.cwd(), 'templates', file)
  const parsed = CatalogueFile.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')))
  if (!parsed.success) throw new Error(`Invalid catalogue ${full}: ${z.prettifyError(parsed.error)}`)
  const keys = new Set<string>()
  for (const item of parsed.data.items) {
    if (keys.has(item.key)) throw new Error(`Invalid catalogue ${full}: duplicate key ${item.key}`)
    keys.add(item.key)
  }
  cache.set(file, parsed.data)
  return parsed.data
}

// The catalogue names integration data objects in English only; a Russian project gets them in Russian.
// (Better kept in the data file as {en, ru} pairs — until then, the dictionary lives here.)
const DATA_OBJECTS_RU: Record<string, string> = {
  'company registration details': 'регистрационные данные компании',
  'call events': 'события звонков',
  'call records': 'записи о звонках',
  'call recordings': 'записи разговоров',
  'call initiation requests': 'команды на вызов',
  'incoming e-mails': 'входящие письма',
  attachments: 'вложения',
  'outgoing e-mails': 'исходящие письма',
  'incoming messages': 'входящие сообщения',
  'outgoing messages': 'исходящие сообщения',
  'web form submissions': 'заявки с веб-форм',
  'UTM tags': 'UTM-метки',
  'counterparties (changed details)': 'контрагенты (изменённые реквизиты)',
  contracts: 'договоры',
  'new counterparties': 'новые контрагенты',
  'changed counterparty addresses and phones': 'изменённые адреса и телефоны контрагентов',
  'customer orders': 'заказы покупателей',
  invoices: 'счета',
  'invoice print forms (PDF)': 'печатные формы счетов (PDF)',
  'payments (incoming bank payments)': 'оплаты (входящие банковские платежи)',
  'invoice payment status': 'статус оплаты счетов',
  'shipments (UPD)': 'отгрузки (УПД)',
  products: 'товары',
  'price types and prices': 'виды цен и цены',
  'stock balances by warehouse': 'остатки по складам',
  'receivables by counterparty': 'дебиторская задолженность по контрагентам',
}

function dataObjects(list: string[] | undefined, lang: Language): string[] {
  return (list ?? []).map((d) => (lang === 'ru' ? (DATA_OBJECTS_RU[d] ?? d) : d))
}

/** A catalogue item as a requirement in the document language. */
export function catalogueItemInput(item: CatalogueItem, lang: Language, status: 'draft' | 'proposed'): RequirementInput {
  const i = item.integration
  return RequirementInputSchema.parse({
    title: item.title[lang],
    statement: item.statement[lang],
    rationale: item.rationale[lang],
    acceptanceCriterion: item.acceptanceCriterion[lang],
    type: item.type,
    priority: item.priority,
    departmentId: null,
    status,
    stage: '1',
    tags: item.tags,
    integrationSystem: i?.system ?? null,
    integrationSystemName: i?.systemName?.[lang] ?? null,
    integrationDirection: i?.direction ?? null,
    integrationDataIn: dataObjects(i?.dataIn, lang),
    integrationDataOut: dataObjects(i?.dataOut, lang),
    integrationTrigger: i?.trigger[lang] ?? null,
    integrationVolume: i?.volume[lang] ?? null,
  })
}

function language(value: string): Language {
  return value === 'ru' ? 'ru' : 'en'
}

/**
 * Seeds the security checklist into a new project, inside the transaction that creates it:
 * every item becomes a proposed SEC requirement with its checklist key, for the lead to confirm or reject.
 */
export async function seedSecurityChecklist(tx: Tx, actorId: string, projectId: string, documentLanguage: string) {
  const lang = language(documentLanguage)
  for (const item of loadCatalogue(SECURITY_CHECKLIST).items) {
    await insertRequirement(tx, actorId, projectId, lang, catalogueItemInput(item, lang, 'proposed'), {
      checklistKey: item.key,
      auditAction: 'requirement.seed',
    })
  }
}

/** The catalogue in a project's document language, grouped as in the file, marking titles already present. */
export async function catalogueForProject(db: Db, projectId: string, documentLanguage: string) {
  const lang = language(documentLanguage)
  const catalogue = loadCatalogue(CRM_CATALOGUE)
  const existing = new Set(
    (await db.requirement.findMany({ where: { projectId, deletedAt: null }, select: { title: true } })).map((r) => r.title),
  )
  const groups: { name: string; items: { key: string; title: string; type: string; priority: string; statement: string; present: boolean }[] }[] = []
  for (const item of catalogue.items) {
    const name = item.group[lang]
    let group = groups.find((g) => g.name === name)
    if (!group) groups.push((group = { name, items: [] }))
    group.items.push({
      key: item.key,
      title: item.title[lang],
      type: item.type,
      priority: item.priority,
      statement: item.statement[lang],
      present: existing.has(item.title[lang]),
    })
  }
  return { title: catalogue.title[lang], description: catalogue.description[lang], groups }
}

export class UnknownCatalogueItemError extends Error {
  constructor(public key: string) {
    super(`Unknown catalogue item ${key}`)
  }
}

/** Imports the chosen items in one transaction: each gets a fresh code; nothing is written if a key is unknown. */
export async function importCatalogueItems(db: Db, actorId: string, projectId: string, keys: string[]) {
  const catalogue = loadCatalogue(CRM_CATALOGUE)
  const byKey = new Map(catalogue.items.map((i) => [i.key, i]))
  const unknown = keys.find((k) => !byKey.has(k))
  if (unknown) throw new UnknownCatalogueItemError(unknown)
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { documentLanguage: true } })
    const lang = language(project.documentLanguage)
    const created: { id: string; code: string }[] = []
    for (const key of [...new Set(keys)]) {
      const item = byKey.get(key)!
      created.push(await insertRequirement(tx, actorId, projectId, lang, catalogueItemInput(item, lang, 'draft'), { auditAction: 'requirement.import', catalogueKey: key }))
    }
    return created
  })
}
