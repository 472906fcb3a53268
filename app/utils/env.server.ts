import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { z } from 'zod'

// Configuration is read once, validated, and fails start-up with a message naming the
// variable, instead of failing later in a request.
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, 'must be a SQLite file URL such as file:./data/specwright.db')
    .default('file:./data/specwright.db'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SIGNUP: z.enum(['open', 'invite']).default('open'),
  PUBLIC_URL: z.url().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  VERIFY_MAX_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  SEAL_P12_PATH: z.string().optional(),
  SEAL_P12_PASSWORD: z.string().optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().positive().optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
})

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; dataDir: string }

let cached: Env | undefined

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${problems}`)
  }
  const dataDir = path.dirname(databaseFilePath(parsed.data.DATABASE_URL))
  return { ...parsed.data, dataDir, SESSION_SECRET: parsed.data.SESSION_SECRET ?? storedSessionSecret(dataDir) }
}

export function env(): Env {
  cached ??= readEnv()
  return cached
}

/** The file a `file:` URL names, resolved against the working directory like Prisma does. */
export function databaseFilePath(url: string): string {
  const raw = url.replace(/^file:(\/\/)?/, '')
  return path.resolve(raw)
}

/** A secret generated on first start and kept beside the database, so sessions survive restarts. */
function storedSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    fs.mkdirSync(dataDir, { recursive: true })
    const secret = crypto.randomBytes(32).toString('base64url')
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
    return secret
  }
}

export function secureCookies(): boolean {
  const e = env()
  if (e.SECURE_COOKIES) return e.SECURE_COOKIES === 'true'
  return e.NODE_ENV === 'production' && (e.PUBLIC_URL?.startsWith('https:') ?? false)
}
