import type { z } from 'zod'
import type { T } from '~/i18n'

export type FieldErrors = Record<string, string>
export type FormValues = Record<string, string | string[]>
export type Parsed<V> = { ok: true; value: V } | { ok: false; errors: FieldErrors; values: FormValues }

/** FormData as a plain object: repeated fields become arrays, files are left out. */
export function formValues(form: FormData): FormValues {
  const out: FormValues = {}
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === 'string')
    if (all.length === 0) continue
    out[key] = all.length === 1 ? all[0]! : all
  }
  return out
}

type Issue = z.core.$ZodIssue

/** A message in the user's language naming what is wrong with one field. */
export function issueMessage(issue: Issue, t: T): string {
  if (issue.message.startsWith('errors.')) {
    return t(issue.message, 'minimum' in issue ? { min: String(issue.minimum) } : undefined)
  }
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return t('errors.required')
      return issue.origin === 'string'
        ? t('errors.tooShort', { min: String(issue.minimum) })
        : t('errors.tooSmall', { min: String(issue.minimum) })
    case 'too_big':
      return issue.origin === 'string'
        ? t('errors.tooLong', { max: String(issue.maximum) })
        : t('errors.tooBig', { max: String(issue.maximum) })
    case 'invalid_format':
      return issue.format === 'email' ? t('errors.email') : t('errors.format')
    case 'invalid_value':
      return t('errors.choice')
    case 'invalid_type':
      return issue.input === undefined ? t('errors.required') : t('errors.invalid')
    default:
      return t('errors.invalid')
  }
}

/** Validates form fields with a schema; on failure, one translated message per field. */
export function parseWith<S extends z.ZodType>(schema: S, form: FormData, t: T): Parsed<z.output<S>> {
  const values = formValues(form)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, value: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : '_form'
    errors[field] ??= issueMessage(issue, t)
  }
  return { ok: false, errors, values }
}
