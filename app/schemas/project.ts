import { z } from 'zod'
import { PROJECT_ROLES } from '~/utils/permissions'

// ISO 4217 codes a company in this market is likely to price in; more can be added freely.
export const CURRENCIES = ['RUB', 'EUR', 'USD', 'KZT', 'BYN', 'GBP', 'CHF', 'CNY'] as const

export const ProjectSchema = z.object({
  name: z.string().trim().min(1).max(120),
  clientOrganisation: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  documentLanguage: z.enum(['en', 'ru']),
  currency: z.enum(CURRENCIES),
})

const id = z.string().min(1).max(64)
const optionalId = z
  .string()
  .max(64)
  .optional()
  .transform((v) => (v ? v : null))

export const InviteSchema = z.object({
  intent: z.literal('invite'),
  email: z.string().trim().max(254).pipe(z.email({ error: 'errors.email' })),
  role: z.enum(PROJECT_ROLES),
})

export const MemberUpdateSchema = z.object({
  intent: z.literal('update-member'),
  memberId: id,
  role: z.enum(PROJECT_ROLES),
  departmentId: optionalId,
  // Sent only for vendor rows (the candidate select) and member rows (the evaluator checkbox).
  candidateId: optionalId,
  evaluator: z.literal('on').optional(),
})

export const MemberRemoveSchema = z.object({ intent: z.literal('remove-member'), memberId: id })
export const InvitationRevokeSchema = z.object({ intent: z.literal('revoke-invitation'), invitationId: id })

export const DepartmentSchema = z.object({
  intent: z.literal('save-department'),
  departmentId: optionalId,
  name: z.string().trim().min(1).max(120),
  headMemberId: optionalId,
})
export const DepartmentDeleteSchema = z.object({ intent: z.literal('delete-department'), departmentId: id })

export const MembersActionSchema = z.discriminatedUnion('intent', [
  InviteSchema,
  MemberUpdateSchema,
  MemberRemoveSchema,
  InvitationRevokeSchema,
  DepartmentSchema,
  DepartmentDeleteSchema,
])
