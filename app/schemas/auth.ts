import { z } from 'zod'

export const PASSWORD_MIN = 10

const email = z.string().trim().max(254).pipe(z.email({ error: 'errors.email' }))

export const LoginSchema = z.object({
  email,
  password: z.string().min(1).max(200),
  redirectTo: z.string().max(500).optional(),
})

export const SignupSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email,
  password: z.string().min(PASSWORD_MIN).max(200),
  invite: z.string().max(100).optional(),
})

export const LocaleSchema = z.object({
  locale: z.enum(['en', 'ru']),
  redirectTo: z.string().max(500).optional(),
})

export const ProfileSchema = z.object({ intent: z.literal('profile'), name: z.string().trim().min(1).max(120) })
export const PasswordChangeSchema = z.object({
  intent: z.literal('password'),
  current: z.string().min(1).max(200),
  next: z.string().min(PASSWORD_MIN).max(200),
})
export const RevokeSessionSchema = z.object({ intent: z.literal('revoke-session'), sessionId: z.string().min(1).max(100) })
export const SignupModeSchema = z.object({ intent: z.literal('signup-mode'), mode: z.enum(['open', 'invite']) })
