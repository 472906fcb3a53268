import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty SQLite database; tests copy it, never open it. */
    templateDb: string
    /** A temporary directory for the tests' own database files (removed after the run). */
    testDbDir: string
    /** The template with the demo seeded (`specwright seed --demo`): tests copy it, never open it. */
    demoDb: string
  }
}

const root = path.resolve(import.meta.dirname, '../..')

/**
 * Runs once per `vitest run`: migrates ONE template database in a temporary directory with
 * the project's real migrations, and hands its path to the tests (`inject('templateDb')`).
 * Every test file copies it (tests/setup/test-db.ts), so each gets an isolated database.
 */
export default function setup(project: TestProject) {
  const migrations = path.join(root, 'prisma/migrations')
  if (!fs.existsSync(migrations) || !fs.readdirSync(migrations).some((e) => fs.statSync(path.join(migrations, e)).isDirectory())) {
    throw new Error(`No Prisma migrations in ${migrations}: the test database cannot be built.`)
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-test-'))
  const templateDb = path.join(dir, 'template.db')
  try {
    execFileSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `file:${templateDb}`,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
      stdio: 'pipe',
    })
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer }
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error(`prisma migrate deploy failed:\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`, { cause: error })
  }
  // A journal left beside the template would be copied with nothing to apply; drop it.
  fs.rmSync(`${templateDb}-journal`, { force: true })

  // Code that reaches the process-wide client (app/utils/db.server.ts) or env() must never
  // touch ./data: point it at a scratch file in the temporary directory. Workers inherit this.
  process.env.DATABASE_URL = `file:${path.join(dir, 'default.db')}`

  // The demo (projects through a signed specification) takes seconds to seed: seed it once here.
  const demoDb = path.join(dir, 'demo.db')
  fs.copyFileSync(templateDb, demoDb)
  try {
    execFileSync(process.execPath, [path.join(root, 'bin/specwright.mjs'), 'seed', '--demo'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${demoDb}` },
      stdio: 'pipe',
    })
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer }
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error(`seeding the demo template failed:\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`, { cause: error })
  }
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${demoDb}${suffix}`, { force: true })

  project.provide('templateDb', templateDb)
  project.provide('demoDb', demoDb)
  project.provide('testDbDir', dir)

  return () => {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
