import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { renderProcessDiagramSvg, type DiagramStep } from '~/components/process-diagram'
import { StepFieldsSchema, type StepFields } from '~/schemas/process'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { saveDepartment } from './department.server'
import {
  addStep,
  createProcess,
  deleteProcess,
  deleteStep,
  getProcess,
  linkStepRequirement,
  listProcesses,
  moveProcess,
  moveStep,
  unlinkStepRequirement,
  updateProcess,
  updateStep,
} from './process.server'
import { createProject } from './project.server'

afterAll(closeDbs)

let db: Db
let lead: string
let projectId: string
let otherProjectId: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  lead = (await insertUser(db, { name: 'Anna Lead' })).id
  projectId = (await createProject(db, lead, projectInput({ name: 'Main' }))).id
  otherProjectId = (await createProject(db, lead, projectInput({ name: 'Other' }))).id
})

const step = (title: string, over: Partial<StepFields> = {}): StepFields => ({
  title,
  actor: '',
  action: '',
  tool: '',
  duration: '',
  verdict: 'keep',
  verdictReason: '',
  ...over,
})

async function newProcess(name = 'Order to cash', project = projectId) {
  const created = await createProcess(db, lead, project, { name, departmentId: null, description: '' })
  if (!created.ok) throw new Error('not created')
  return created.id
}

async function withSteps(titles: string[]) {
  const processId = await newProcess()
  const ids: string[] = []
  for (const title of titles) {
    const added = await addStep(db, lead, projectId, processId, null, step(title))
    if (!added.ok) throw new Error('step not added')
    ids.push(added.id)
  }
  return { processId, ids }
}

async function titles(processId: string) {
  const p = await getProcess(db, projectId, processId)
  return p?.steps.map((s) => `${s.position}:${s.title}`)
}

const events = () => db.auditEvent.count({ where: { projectId } })

describe('processes and steps', () => {
  test('creates a process and keeps steps in the order they were added, or after a given step', async () => {
    const { processId, ids } = await withSteps(['Receive order', 'Check stock', 'Invoice'])
    expect(await titles(processId)).toEqual(['1:Receive order', '2:Check stock', '3:Invoice'])
    await addStep(db, lead, projectId, processId, ids[0]!, step('Approve order'))
    expect(await titles(processId)).toEqual(['1:Receive order', '2:Approve order', '3:Check stock', '4:Invoice'])
    const [listed] = await listProcesses(db, projectId)
    expect(listed).toMatchObject({ name: 'Order to cash', stepCount: 4, verdicts: { keep: 4, simplify: 0, automate: 0, remove: 0 } })
  })

  test('the department must belong to the project', async () => {
    const foreign = await saveDepartment(db, lead, otherProjectId, null, { name: 'Sales', headMemberId: null })
    if (!('id' in foreign) || !foreign.id) throw new Error('no department')
    const before = await events()
    expect(await createProcess(db, lead, projectId, { name: 'X', departmentId: foreign.id, description: '' })).toEqual({
      ok: false,
      error: 'department',
    })
    expect(await db.process.count()).toBe(0)
    expect(await events()).toBe(before)
  })

  test('moving the first step up or the last step down is a no-op that writes nothing', async () => {
    const { processId, ids } = await withSteps(['A', 'B', 'C'])
    const before = await events()
    expect(await moveStep(db, lead, projectId, ids[0]!, 'up')).toMatchObject({ ok: true, moved: false })
    expect(await moveStep(db, lead, projectId, ids[2]!, 'down')).toMatchObject({ ok: true, moved: false })
    expect(await titles(processId)).toEqual(['1:A', '2:B', '3:C'])
    expect(await events()).toBe(before)
  })

  test('moving a step up and down swaps it with its neighbour', async () => {
    const { processId, ids } = await withSteps(['A', 'B', 'C'])
    await moveStep(db, lead, projectId, ids[2]!, 'up')
    expect(await titles(processId)).toEqual(['1:A', '2:C', '3:B'])
    await moveStep(db, lead, projectId, ids[0]!, 'down')
    expect(await titles(processId)).toEqual(['1:C', '2:A', '3:B'])
  })

  test('deleting a step renumbers the rest 1..n', async () => {
    const { processId, ids } = await withSteps(['A', 'B', 'C', 'D'])
    await deleteStep(db, lead, projectId, ids[1]!)
    expect(await titles(processId)).toEqual(['1:A', '2:C', '3:D'])
  })

  test('ids from another project find nothing and change nothing', async () => {
    const { ids } = await withSteps(['A', 'B'])
    const before = await events()
    expect(await moveStep(db, lead, otherProjectId, ids[1]!, 'up')).toEqual({ ok: false, error: 'not_found' })
    expect(await deleteStep(db, lead, otherProjectId, ids[0]!)).toEqual({ ok: false, error: 'not_found' })
    expect(await updateStep(db, lead, otherProjectId, ids[0]!, step('Hacked'))).toEqual({ ok: false, error: 'not_found' })
    expect(await db.processStep.count()).toBe(2)
    expect(await events()).toBe(before)
  })

  test('reordering processes at the edge is a no-op; deleting one renumbers the rest', async () => {
    const a = await newProcess('A')
    const b = await newProcess('B')
    const c = await newProcess('C')
    expect(await moveProcess(db, lead, projectId, a, 'up')).toMatchObject({ ok: true, moved: false })
    await moveProcess(db, lead, projectId, c, 'up')
    expect((await listProcesses(db, projectId)).map((p) => `${p.position}:${p.name}`)).toEqual(['1:A', '2:C', '3:B'])
    await deleteProcess(db, lead, projectId, a)
    expect((await listProcesses(db, projectId)).map((p) => `${p.position}:${p.name}`)).toEqual(['1:C', '2:B'])
    void b
  })
})

describe('verdicts', () => {
  test.each(['simplify', 'automate', 'remove'] as const)('%s needs a reason, named on the reason field', (verdict) => {
    const result = StepFieldsSchema.safeParse({ title: 'Approve', verdict, verdictReason: '  ' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: ['verdictReason'], message: `processes.reasonRequired.${verdict}` })
    expect(StepFieldsSchema.safeParse({ title: 'Approve', verdict, verdictReason: 'Nobody reads it' }).success).toBe(true)
  })

  test('keep needs no reason; an unknown verdict is refused', () => {
    expect(StepFieldsSchema.safeParse({ title: 'Approve', verdict: 'keep' }).success).toBe(true)
    expect(StepFieldsSchema.safeParse({ title: 'Approve', verdict: 'outsource', verdictReason: 'x' }).success).toBe(false)
  })
})

describe('linking requirements', () => {
  const requirement = (project: string, code: string, deletedAt: Date | null = null) =>
    db.requirement.create({ data: { projectId: project, code, type: 'functional', title: `Requirement ${code}`, deletedAt } })

  test('links a requirement of the same project by code, shows it on the step, unlinks it', async () => {
    const { processId, ids } = await withSteps(['A'])
    const req = await requirement(projectId, 'FR-001')
    expect(await linkStepRequirement(db, lead, projectId, ids[0]!, 'fr-001')).toEqual({ ok: true, requirementId: req.id })
    expect((await getProcess(db, projectId, processId))?.steps[0]?.requirements).toEqual([
      { id: req.id, code: 'FR-001', title: 'Requirement FR-001' },
    ])
    expect(await linkStepRequirement(db, lead, projectId, ids[0]!, 'FR-001')).toEqual({ ok: false, error: 'already_linked' })
    expect(await unlinkStepRequirement(db, lead, projectId, ids[0]!, req.id)).toEqual({ ok: true })
    expect(await db.requirementSource.count()).toBe(0)
  })

  test('a requirement of ANOTHER project (or a deleted one) is not found and nothing is written', async () => {
    const { ids } = await withSteps(['A'])
    await requirement(otherProjectId, 'FR-002')
    await requirement(projectId, 'FR-003', new Date())
    const before = await events()
    expect(await linkStepRequirement(db, lead, projectId, ids[0]!, 'FR-002')).toEqual({ ok: false, error: 'requirement_not_found' })
    expect(await linkStepRequirement(db, lead, projectId, ids[0]!, 'FR-003')).toEqual({ ok: false, error: 'requirement_not_found' })
    expect(await db.requirementSource.count()).toBe(0)
    expect(await events()).toBe(before)
  })
})

describe('optimistic locking', () => {
  test('a save based on an old version is refused, names who changed it, and writes nothing', async () => {
    const processId = await newProcess()
    const first = await updateProcess(db, lead, projectId, processId, { name: 'Renamed', departmentId: null, description: '', version: 1 })
    expect(first).toEqual({ ok: true, version: 2 })
    const before = await events()
    const second = await updateProcess(db, lead, projectId, processId, { name: 'Mine', departmentId: null, description: 'x', version: 1 })
    expect(second).toMatchObject({ ok: false, error: 'stale', changedBy: 'Anna Lead', changedAt: expect.any(Date) })
    const stored = await db.process.findUniqueOrThrow({ where: { id: processId } })
    expect(stored).toMatchObject({ name: 'Renamed', description: '', version: 2 })
    expect(await events()).toBe(before)
  })

  test('a step saved from a stale form is refused', async () => {
    const { processId, ids } = await withSteps(['A'])
    const drawn = (await getProcess(db, projectId, processId))!.steps[0]!.updatedAt.toISOString()
    await new Promise((r) => setTimeout(r, 5))
    expect(await updateStep(db, lead, projectId, ids[0]!, step('B'), drawn)).toEqual({ ok: true })
    expect(await updateStep(db, lead, projectId, ids[0]!, step('C'), drawn)).toMatchObject({ ok: false, error: 'stale' })
    expect(await titles(processId)).toEqual(['1:B'])
  })
})

describe('audit', () => {
  test('every mutation writes exactly one audit event', async () => {
    const req = await db.requirement.create({ data: { projectId, code: 'FR-010', type: 'functional', title: 'R' } })
    let last = await events()
    const once = async (label: string, run: () => Promise<unknown>) => {
      await run()
      const now = await events()
      expect(now - last, label).toBe(1)
      last = now
    }
    let processId = ''
    let a = ''
    let b = ''
    await once('createProcess', async () => {
      processId = await newProcess()
    })
    await once('updateProcess', () => updateProcess(db, lead, projectId, processId, { name: 'N', departmentId: null, description: '', version: 1 }))
    await once('addStep', async () => {
      const r = await addStep(db, lead, projectId, processId, null, step('A'))
      if (r.ok) a = r.id
    })
    await once('addStep after', async () => {
      const r = await addStep(db, lead, projectId, processId, a, step('B'))
      if (r.ok) b = r.id
    })
    await once('updateStep', () => updateStep(db, lead, projectId, a, step('A2', { verdict: 'remove', verdictReason: 'Duplicate' })))
    await once('moveStep', () => moveStep(db, lead, projectId, b, 'up'))
    await once('linkStepRequirement', () => linkStepRequirement(db, lead, projectId, b, 'FR-010'))
    await once('unlinkStepRequirement', () => unlinkStepRequirement(db, lead, projectId, b, req.id))
    await once('deleteStep', () => deleteStep(db, lead, projectId, a))
    const other = await newProcess('Second')
    last = await events()
    await once('moveProcess', () => moveProcess(db, lead, projectId, other, 'up'))
    await once('deleteProcess', () => deleteProcess(db, lead, projectId, processId))
    const actions = await db.auditEvent.findMany({ where: { projectId, entityType: { in: ['process', 'process_step'] } }, select: { action: true } })
    expect(new Set(actions.map((x) => x.action))).toEqual(
      new Set([
        'process.create',
        'process.update',
        'process.step.add',
        'process.step.update',
        'process.step.move',
        'process.step.link',
        'process.step.unlink',
        'process.step.delete',
        'process.move',
        'process.delete',
      ]),
    )
  })
})

/** A tiny well-formedness check: tags balance, attributes are quoted, no raw "<" or "&" in text. */
function assertWellFormed(xml: string) {
  const stack: string[] = []
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y
  let i = 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const textPart = xml.slice(i, lt === -1 ? xml.length : lt)
    expect(textPart, 'text must not hold a raw & that is not an entity').not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/)
    if (lt === -1) break
    tag.lastIndex = lt
    const m = tag.exec(xml)
    expect(m, `malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`).not.toBeNull()
    const [whole, closing, name, , selfClosing] = m!
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name)
    else if (!selfClosing) stack.push(name!)
    i = lt + whole.length
  }
  expect(stack).toEqual([])
}

describe('renderProcessDiagramSvg', () => {
  const steps: DiagramStep[] = [
    { title: '<script>alert("x")</script> & co', actor: 'Менеджер <b>', tool: 'Excel', duration: '5 мин', verdict: 'keep' },
    { title: 'Согласование с руководителем', actor: 'Руководитель', verdict: 'remove' },
    { title: 'Выставить счёт в 1С', verdict: 'automate' },
    { title: 'Проверить оплату', verdict: 'simplify' },
  ]

  test('escapes markup in titles and meta text', () => {
    const svg = renderProcessDiagramSvg(steps, { view: 'as-is', locale: 'en' })
    expect(svg).not.toContain('<script>')
    expect(svg).not.toContain('<b>')
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)')
    expect(svg).toContain('Менеджер &lt;b&gt;')
    assertWellFormed(svg)
  })

  test('strikes removed steps and marks automated ones in the to-be view only', () => {
    const asIs = renderProcessDiagramSvg(steps, { view: 'as-is', locale: 'ru' })
    const toBe = renderProcessDiagramSvg(steps, { view: 'to-be', locale: 'ru' })
    expect(asIs).not.toContain('class="strike"')
    expect(asIs).not.toContain('line-through')
    expect(asIs).not.toContain('автоматизировать')
    expect(toBe.match(/class="strike"/g)).toHaveLength(1)
    expect(toBe).toMatch(/<g data-step="2" data-verdict="remove">.*line-through.*class="strike"/)
    expect(toBe).toContain('data-verdict="automate"')
    expect(toBe).toContain('>автоматизировать</text>')
    expect(toBe).toContain('Обозначения')
    assertWellFormed(toBe)
  })

  test('draws an empty state for no steps, and 40 steps in rows', () => {
    const empty = renderProcessDiagramSvg([], { view: 'as-is', locale: 'en' })
    expect(empty).toContain('No steps yet')
    assertWellFormed(empty)
    const many = renderProcessDiagramSvg(
      Array.from({ length: 40 }, (_, i) => ({
        title: `Step ${i + 1} with a fairly long title that has to wrap inside its box`,
        verdict: i % 4 === 0 ? 'remove' : 'keep',
      })),
      { view: 'to-be', locale: 'en' },
    )
    expect(many.match(/<g data-step=/g)).toHaveLength(40)
    assertWellFormed(many)
    // Four boxes a row: ten rows, so the drawing is taller than wide.
    const [, w, h] = many.match(/width="(\d+)" height="(\d+)"/)!.map(Number)
    expect(h!).toBeGreaterThan(w!)
  })

  test('drops characters XML forbids', () => {
    const svg = renderProcessDiagramSvg([{ title: 'Bad\u0001char', verdict: 'keep' }], { view: 'as-is', locale: 'en' })
    expect(svg).toContain('Badchar')
    assertWellFormed(svg)
  })
})
