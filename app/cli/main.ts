import { parseArgs, type ParseArgsConfig } from 'node:util'
import { db, dbReady } from '~/utils/db.server'
import { exportCommand, SpecCommandError, verifyCommand } from './spec-commands'

const HELP = `Usage: specwright <command> [options]

Commands:
  projects               List projects: id, slug, name (one per line, tab-separated)
  users                  List users: id, email, name, admin flag
  seed --demo            Add the demo projects and users (skipped when already present)
       --if-empty        ...only when the database has no users at all
  seed --large           Generate a large project for benchmarks (deterministic per --seed):
       --requirements N  (2000)  --interviews N (40)  --processes N (30)  --steps N (12)
       --seed N (1)  --language ru|en (ru)
       --candidates N (0, max 10)  --evaluators N (4): evaluation data — a closed
       scoring round over every requirement and ~150 improvement items
       --versions N (1, max 10): with evaluation data, specification versions issued
       (each after the first changes a few requirements); prints number and hash
  export --project ID|SLUG --format docx|pdf|md [--version N|latest|signed|draft] [--out FILE]
                         Write the specification (default version: the newest signed one,
                         else the newest issued, else the draft)
  verify FILE|HASH       Check an exported PDF/DOCX/Markdown (or a content hash) against the
                         issued versions: prints project, version and signatures; exit 0 on a
                         match, 1 when it matches nothing, 3 when the document was altered
  help                   Show this help

The database is the one DATABASE_URL names (default file:./data/specwright.db).`

class UsageError extends Error {}

/** Runs one command; returns the process exit code. Errors print one line to stderr. */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(HELP)
        return 0
      case 'projects': {
        noOptions(rest)
        await dbReady()
        const projects = await db.project.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, slug: true, name: true } })
        for (const p of projects) out(`${p.id}\t${p.slug}\t${p.name}`)
        return 0
      }
      case 'users': {
        noOptions(rest)
        await dbReady()
        const users = await db.user.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, email: true, name: true, isAdmin: true } })
        for (const u of users) out(`${u.id}\t${u.email}\t${u.name}${u.isAdmin ? '\tadmin' : ''}`)
        return 0
      }
      case 'seed': {
        const { values } = parseOptions(rest, {
          demo: { type: 'boolean' },
          'if-empty': { type: 'boolean' },
          large: { type: 'boolean' },
          requirements: { type: 'string' },
          interviews: { type: 'string' },
          processes: { type: 'string' },
          steps: { type: 'string' },
          seed: { type: 'string' },
          language: { type: 'string' },
          candidates: { type: 'string' },
          evaluators: { type: 'string' },
          versions: { type: 'string' },
        })
        if (values.demo === values.large) throw new UsageError('seed needs exactly one of --demo or --large (see specwright help)')
        await dbReady()
        // The seeders (and the demo's data) load only for `seed`: ~30 MB the other commands need not hold.
        if (values.demo) {
          const { seedDemo } = await import('./seed-demo')
          await seedDemo(db, { ifEmpty: values['if-empty'] ?? false, out })
          return 0
        }
        const { LARGE_DEFAULTS, seedLarge } = await import('./seed-large')
        const count = (name: 'requirements' | 'interviews' | 'processes' | 'steps' | 'seed' | 'candidates' | 'evaluators' | 'versions', max: number) => {
          const raw = values[name]
          if (raw === undefined) return LARGE_DEFAULTS[name]
          const n = Number(raw)
          if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${name} must be a whole number from 0 to ${max}`)
          return n
        }
        const language = values.language ?? LARGE_DEFAULTS.language
        if (language !== 'ru' && language !== 'en') throw new UsageError('--language must be ru or en')
        await seedLarge(
          db,
          {
            requirements: count('requirements', 20_000),
            interviews: count('interviews', 1000),
            processes: count('processes', 500),
            steps: count('steps', 100),
            seed: count('seed', 2 ** 31),
            language,
            candidates: count('candidates', 10),
            evaluators: count('evaluators', 100),
            versions: count('versions', 10),
          },
          out,
        )
        return 0
      }
      case 'export': {
        const { values } = parseOptions(rest, { project: { type: 'string' }, version: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } })
        await dbReady()
        try {
          return await exportCommand(db, values, out)
        } finally {
          // Done: stop the render process now rather than after its idle minute.
          const { closeRenderProcess } = await import('~/document/render-pool.server')
          await closeRenderProcess()
        }
      }
      case 'verify': {
        if (rest.length !== 1) throw new UsageError('verify needs one FILE or HASH')
        await dbReady()
        return await verifyCommand(db, rest[0]!, out)
      }
      default:
        throw new UsageError(`unknown command "${command}" (see specwright help)`)
    }
  } catch (error) {
    console.error(`specwright: ${errorLine(error)}`)
    return error instanceof UsageError ? 2 : error instanceof SpecCommandError ? error.exitCode : 1
  } finally {
    await db.$disconnect()
  }
}

function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

function noOptions(args: string[]) {
  if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`)
}

/** One line an operator can act on. Prisma's messages open with the call and end with the cause. */
function errorLine(error: unknown): string {
  if ((error as { code?: unknown } | null)?.code === 'P2021') {
    return `the database ${process.env.DATABASE_URL ?? ''} has no tables yet: run \`npx prisma migrate deploy\` first (npm start does it)`
  }
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((l) => l.trim()).filter(Boolean)
  if (lines[0]?.startsWith('Invalid `')) return lines.at(-1)!
  return lines[0] ?? 'failed'
}
