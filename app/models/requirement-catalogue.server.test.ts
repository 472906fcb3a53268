import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { createProject } from './project.server'
import { CRM_CATALOGUE, importCatalogueItems, loadCatalogue, SECURITY_CHECKLIST, UnknownCatalogueItemError } from './requirement-catalogue.server'

afterAll(closeDbs)

let db: Db
let leadId: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  leadId = (await insertUser(db)).id
})

const checklistFile = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'templates', SECURITY_CHECKLIST), 'utf8')) as {
  items: { key: string; title: { en: string; ru: string } }[]
}

describe('catalogue files', () => {
  test('both files validate, with unique keys', () => {
    expect(loadCatalogue(CRM_CATALOGUE).items.length).toBeGreaterThanOrEqual(40)
    expect(loadCatalogue(SECURITY_CHECKLIST).items).toHaveLength(checklistFile.items.length)
  })
})

describe('createProject seeds the security checklist', () => {
  test('every item, proposed, with its checklist key and SEC-001… codes, in the document language', async () => {
    const project = await createProject(db, leadId, projectInput({ documentLanguage: 'ru' }))
    const rows = await db.requirement.findMany({ where: { projectId: project.id }, orderBy: { createdAt: 'asc' } })
    expect(rows).toHaveLength(checklistFile.items.length)
    expect(rows.every((r) => r.status === 'proposed' && r.type === 'security')).toBe(true)
    expect(rows.map((r) => r.checklistKey)).toEqual(checklistFile.items.map((i) => i.key))
    const codes = rows.map((r) => r.code).sort()
    expect(codes[0]).toBe('SEC-001')
    expect(codes.at(-1)).toBe(`SEC-${String(checklistFile.items.length).padStart(3, '0')}`)
    expect(rows[0]!.title).toBe(checklistFile.items[0]!.title.ru)
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: 'requirement.seed' } })).toBe(checklistFile.items.length)
  })
})

describe('importCatalogueItems', () => {
  test('imports the chosen keys with fresh codes, tags and integration fields, in the project language', async () => {
    const project = await createProject(db, leadId, projectInput({ documentLanguage: 'ru' }))
    const created = await importCatalogueItems(db, leadId, project.id, ['crm-contacts-01', 'crm-tel-01', 'crm-backup-01'].filter((k) => loadCatalogue(CRM_CATALOGUE).items.some((i) => i.key === k)))
    const tel = await db.requirement.findFirstOrThrow({ where: { projectId: project.id, title: 'Журнал звонков из АТС' } })
    expect(tel).toMatchObject({ type: 'integration', code: 'INT-001', integrationSystem: 'telephony', integrationDirection: 'in', status: 'draft' })
    expect(JSON.parse(tel.integrationDataIn)).toEqual(['события звонков', 'записи о звонках'])
    expect(JSON.parse(tel.tags)).toEqual(['telephony', 'calls'])
    expect(created.map((c) => c.code)).toContain('FR-001')
  })

  test('an unknown key writes nothing', async () => {
    const project = await createProject(db, leadId, projectInput())
    const before = await db.requirement.count()
    await expect(importCatalogueItems(db, leadId, project.id, ['crm-contacts-01', 'no-such-item'])).rejects.toBeInstanceOf(UnknownCatalogueItemError)
    expect(await db.requirement.count()).toBe(before)
  })

  test('every catalogue item imports (each one passes the integration rules)', async () => {
    const project = await createProject(db, leadId, projectInput())
    const keys = loadCatalogue(CRM_CATALOGUE).items.map((i) => i.key)
    const created = await importCatalogueItems(db, leadId, project.id, keys)
    expect(created).toHaveLength(keys.length)
    expect(new Set(created.map((c) => c.code)).size).toBe(keys.length)
  })
})
