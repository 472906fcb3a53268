import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Db } from '~/utils/db.server'
import { verifyAuditChain } from '~/models/audit.server'
import { closeDbs, freshDb, freshDbFile, freshDemoDbFile } from '../../tests/setup/test-db'
import type { main as mainFn } from './main'
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './seed-demo'

// main() works on the process-wide client (DATABASE_URL, read when db.server.ts is first
// imported). Point it at a fresh copy of the template BEFORE importing main.
let main: typeof mainFn
let cliDb: Db
beforeAll(async () => {
  const { url } = freshDbFile()
  process.env.DATABASE_URL = url
  ;({ main } = await import('./main'))
  const { createDb } = await import('~/utils/db.server')
  cliDb = createDb(url) // a second client on the same file, to check what main() wrote
})
afterAll(async () => {
  await cliDb.$disconnect()
  await closeDbs()
})

function capture() {
  const lines: string[] = []
  return { lines, out: (line: string) => void lines.push(line), text: () => lines.join('\n') }
}

/** Runs main with stderr captured; returns exit code, stdout lines and stderr text. */
async function run(argv: string[]) {
  const out = capture()
  const errors: string[] = []
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')))
  try {
    const code = await main(argv, out.out)
    return { code, out: out.text(), lines: out.lines, err: errors.join('\n') }
  } finally {
    spy.mockRestore()
  }
}

describe('specwright CLI: main()', () => {
  const helpCases = [['help'], ['--help'], ['-h'], []].map((argv) => ({ argv, label: argv.join(' ') || '(no command)' }))
  test.each(helpCases)('$label prints the usage and exits 0', async ({ argv }) => {
    const r = await run(argv)
    expect(r.code).toBe(0)
    expect(r.out).toContain('Usage: specwright <command>')
    for (const command of ['projects', 'users', 'seed --demo', '--if-empty', 'help']) expect(r.out).toContain(command)
    expect(r.err).toBe('')
  })

  test('an unknown command exits 2 with one line on stderr naming it', async () => {
    const r = await run(['bogus'])
    expect(r.code).toBe(2)
    expect(r.err).toBe('specwright: unknown command "bogus" (see specwright help)')
    expect(r.out).toBe('')
  })

  test('unexpected arguments and a missing --demo are usage errors (exit 2)', async () => {
    expect((await run(['projects', 'extra'])).code).toBe(2)
    expect((await run(['users', '--all'])).code).toBe(2)
    const seed = await run(['seed'])
    expect(seed.code).toBe(2)
    expect(seed.err).toContain('seed needs exactly one of --demo or --large')
  })

  test('an unknown option of seed is a usage error too (exit 2), not a failure (exit 1)', async () => {
    const r = await run(['seed', '--demo', '--force'])
    expect(r.err).toMatch(/^specwright: .*--force/)
    expect(r.err.split('\n')).toHaveLength(1)
    expect(r.code).toBe(2)
  })

  test('on an empty database: projects and users print nothing', async () => {
    expect(await run(['projects'])).toMatchObject({ code: 0, out: '' })
    expect(await run(['users'])).toMatchObject({ code: 0, out: '' })
  })

  test('seed --demo --if-empty fills an empty database; projects and users then list it', async () => {
    const seeded = await run(['seed', '--demo', '--if-empty'])
    expect(seeded.code).toBe(0)
    expect(seeded.out).toContain('(/p/volga-crm)')
    expect(seeded.out).toContain('(/p/northwind-helpdesk)')
    expect(seeded.out).toContain(DEMO_PASSWORD)
    expect(await cliDb.project.count()).toBe(2)

    const projects = await run(['projects'])
    expect(projects.code).toBe(0)
    expect(projects.lines.map((l) => l.split('\t')[1])).toEqual(['volga-crm', 'northwind-helpdesk'])
    expect(projects.lines[0]!.split('\t')).toHaveLength(3)

    const users = await run(['users'])
    expect(users.code).toBe(0)
    expect(users.lines).toHaveLength(11)
    expect(users.lines.filter((l) => l.endsWith('\tadmin'))).toHaveLength(1)
    expect(users.lines[0]).toContain('sokolova@volga-demo.ru')

    const again = await run(['seed', '--demo'])
    expect(again.code).toBe(0)
    expect(again.out).toContain('Demo project volga-crm is already there.')
    expect(await cliDb.project.count()).toBe(2)
    expect(await cliDb.user.count()).toBe(11)
  }, 30_000)
})

describe('seedDemo', () => {
  let db: Db
  beforeAll(async () => {
    ;({ db } = await freshDb())
    await seedDemo(db, { ifEmpty: false, out: capture().out })
  }, 90_000)

  async function snapshot() {
    const [users, projects, memberships, departments, events] = await Promise.all([
      db.user.count(),
      db.project.count(),
      db.membership.count(),
      db.department.count(),
      db.auditEvent.count(),
    ])
    return { users, projects, memberships, departments, events }
  }

  test('creates the two demo projects with 6 and 5 members, one lead each', async () => {
    const projects = await db.project.findMany({
      orderBy: { slug: 'asc' },
      select: { slug: true, documentLanguage: true, currency: true, memberships: { select: { role: true } } },
    })
    expect(projects.map((p) => p.slug)).toEqual(['northwind-helpdesk', 'volga-crm'])
    const [northwind, volga] = projects
    expect(volga!.memberships).toHaveLength(6)
    expect(northwind!.memberships).toHaveLength(5)
    for (const p of projects) expect(p.memberships.filter((m) => m.role === 'lead')).toHaveLength(1)
    expect(volga).toMatchObject({ documentLanguage: 'ru', currency: 'RUB' })
    expect(northwind).toMatchObject({ documentLanguage: 'en', currency: 'EUR' })
    expect(await db.user.count()).toBe(11)
    expect(DEMO_LOGINS).toHaveLength(11)
  }, 90_000)

  test('gives every demo person the role listed in DEMO_LOGINS', async () => {
    const memberships = await db.membership.findMany({ select: { role: true, user: { select: { email: true } }, project: { select: { slug: true } } } })
    const actual = memberships.map((m) => `${m.project.slug} ${m.user.email} ${m.role}`).sort()
    const expected = DEMO_LOGINS.map((l) => `${l.project} ${l.email} ${l.role}`).sort()
    expect(actual).toEqual(expected)
  })

  test('departments have their heads, and the heads and members sit in their departments', async () => {
    const departments = await db.department.findMany({
      select: {
        name: true,
        project: { select: { slug: true } },
        head: { select: { user: { select: { email: true } }, departmentId: true, role: true } },
        id: true,
        members: { select: { user: { select: { email: true } } } },
      },
    })
    const byName = new Map(departments.map((d) => [`${d.project.slug}/${d.name}`, d]))
    expect([...byName.keys()].sort()).toEqual(
      ['northwind-helpdesk/Customer service', 'northwind-helpdesk/Sales', 'volga-crm/Бухгалтерия', 'volga-crm/Отдел продаж', 'volga-crm/Склад и логистика'].sort(),
    )
    const headOf = (key: string) => byName.get(key)?.head?.user.email ?? null
    expect(headOf('volga-crm/Отдел продаж')).toBe('volkov@volga-demo.ru')
    expect(headOf('volga-crm/Склад и логистика')).toBe('petrova@volga-demo.ru')
    expect(headOf('volga-crm/Бухгалтерия')).toBeNull()
    expect(headOf('northwind-helpdesk/Customer service')).toBe('james.patel@northwind-demo.com')
    expect(headOf('northwind-helpdesk/Sales')).toBeNull()
    for (const d of departments) {
      if (d.head) {
        expect(d.head.role).toBe('department_head')
        expect(d.head.departmentId).toBe(d.id)
      }
    }
    expect(byName.get('volga-crm/Отдел продаж')!.members.map((m) => m.user.email).sort()).toEqual(['smirnov@volga-demo.ru', 'volkov@volga-demo.ru'])
  })

  test('demo users can log in with the demo password', async () => {
    const { attemptLogin } = await import('~/models/user.server')
    expect(await attemptLogin(db, { email: 'emma.clarke@northwind-demo.com', password: DEMO_PASSWORD, ip: 'test' })).toMatchObject({ ok: true })
  })

  test('every change went through the audit trail: the chains verify', async () => {
    const { verifyAuditChain } = await import('~/models/audit.server')
    const projects = await db.project.findMany({ select: { id: true } })
    for (const p of projects) {
      const verdict = await verifyAuditChain(db, p.id)
      expect(verdict.ok).toBe(true)
      expect(verdict.events).toBeGreaterThan(5)
    }
    expect(await verifyAuditChain(db, null)).toMatchObject({ ok: true })
  })

  test('running it again creates nothing new and says so', async () => {
    const before = await snapshot()
    const out = capture()
    await seedDemo(db, { ifEmpty: false, out: out.out })
    expect(await snapshot()).toEqual(before)
    expect(out.text()).toContain('Demo project volga-crm is already there.')
    expect(out.text()).toContain('Demo project northwind-helpdesk is already there.')
  })

  test('ifEmpty on a non-empty database does nothing (and reprints the demo logins)', async () => {
    const before = await snapshot()
    const out = capture()
    await seedDemo(db, { ifEmpty: true, out: out.out })
    expect(await snapshot()).toEqual(before)
    expect(out.text()).toContain(DEMO_PASSWORD)
    expect(out.text()).not.toContain('Demo project created')
  })

  test('ifEmpty on a database with other users adds nothing and prints nothing', async () => {
    const { db: other } = await freshDb()
    await other.user.create({ data: { email: 'someone@example.com', name: 'Someone', passwordHash: 'x' } })
    const out = capture()
    await seedDemo(other, { ifEmpty: true, out: out.out })
    expect(await other.project.count()).toBe(0)
    expect(await other.user.count()).toBe(1)
    expect(out.lines).toEqual([])
  })
})

describe('the demo evaluation', () => {
  let db: Db
  beforeAll(async () => {
    ;({ db } = await freshDb())
    await seedDemo(db, { ifEmpty: false, out: capture().out })
  }, 90_000)

  test.each([
    ['volga-crm', 4, 'orlov@vendor-demo.ru'],
    ['northwind-helpdesk', 3, 'lucas.meyer@vendor-demo.com'],
  ])('%s: candidates, a bound vendor, a closed round with a commented consensus, improvements, a signed-off decision', async (slug, candidates, vendorEmail) => {
    const project = await db.project.findUniqueOrThrow({ where: { slug }, select: { id: true } })
    expect(await db.candidate.count({ where: { projectId: project.id } })).toBe(candidates)
    const vendor = await db.membership.findFirstOrThrow({ where: { projectId: project.id, user: { email: vendorEmail } } })
    expect(vendor.role).toBe('vendor')
    expect(vendor.candidateId).not.toBeNull()
    const round = await db.scoringRound.findFirstOrThrow({ where: { projectId: project.id } })
    expect(round.status).toBe('closed')
    const overridden = await db.consensusScore.findMany({ where: { roundId: round.id, value: { not: null } } })
    expect(overridden.length).toBeGreaterThanOrEqual(1)
    expect(overridden.every((c) => c.comment.trim().length > 0 && c.spread >= 2)).toBe(true)
    const awaiting = await db.improvement.count({ where: { projectId: project.id, candidateId: vendor.candidateId!, status: 'sent' } })
    expect(awaiting).toBeGreaterThanOrEqual(1)
    const items = await db.improvement.findMany({ where: { projectId: project.id, status: { in: ['estimated', 'agreed'] } }, select: { stage: true } })
    expect(items.length).toBeGreaterThanOrEqual(4)
    expect(new Set(items.map((i) => i.stage)).size).toBeGreaterThanOrEqual(2)
    const decision = await db.decision.findUniqueOrThrow({ where: { projectId: project.id } })
    expect(decision.signedOffAt).not.toBeNull()
    expect(decision.chosenCandidateId).toBe(vendor.candidateId)
    expect(await verifyAuditChain(db, project.id)).toMatchObject({ ok: true })
  })
})

describe('specwright CLI: the command itself', () => {
  test('export renders in the render process, writes the file and exits 0 at once', () => {
    const { url } = freshDemoDbFile()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-cli-'))
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url }
      delete env.VITEST // under vitest, render() would stay in this process
      delete env.SPECWRIGHT_RENDER_INLINE
      const file = path.join(dir, 'spec.md')
      const t0 = performance.now()
      const r = spawnSync(process.execPath, ['bin/specwright.mjs', 'export', '--project', 'volga-crm', '--format', 'md', '--out', file], { env, encoding: 'utf8', timeout: 60_000 })
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      expect(performance.now() - t0).toBeLessThan(30_000) // not the render process's idle minute
      expect(r.stdout).toContain(`${file}\t`)
      expect(fs.readFileSync(file, 'utf8')).toMatch(/^---\n[\s\S]*content_hash: "[0-9a-f]{64}"/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('on a database without tables it says to run the migrations, in one line (exit 1)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-cli-'))
    try {
      const url = `file:${path.join(dir, 'empty.db')}`
      const r = spawnSync(process.execPath, ['bin/specwright.mjs', 'projects'], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', timeout: 60_000 })
      expect(r.status).toBe(1)
      expect(r.stderr.trim()).toBe(`specwright: the database ${url} has no tables yet: run \`npx prisma migrate deploy\` first (npm start does it)`)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
