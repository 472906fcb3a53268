import { describe, expect, test } from 'vitest'
import { createT } from '~/i18n'
import { InviteSchema, ProjectSchema } from '~/schemas/project'
import { formValues, parseWith } from './validation'

const en = createT('en')
const ru = createT('ru')

function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) fd.append(k, one)
  return fd
}

const valid = {
  name: '  Выбор CRM  ',
  clientOrganisation: ' ООО «Ромашка» ',
  description: '  Нужна CRM.  ',
  documentLanguage: 'ru',
  currency: 'RUB',
}

describe('parseWith(ProjectSchema)', () => {
  test('a missing name is "required", in English and in Russian', () => {
    const { name: _, ...withoutName } = valid
    const inEnglish = parseWith(ProjectSchema, form(withoutName), en)
    expect(inEnglish.ok).toBe(false)
    if (inEnglish.ok) return
    expect(inEnglish.errors.name).toBe('This field is required.')
    expect(inEnglish.errors.name).toBe(en('errors.required'))

    const inRussian = parseWith(ProjectSchema, form(withoutName), ru)
    expect(inRussian.ok).toBe(false)
    if (inRussian.ok) return
    expect(inRussian.errors.name).toBe('Заполните это поле.')
    expect(inRussian.errors.name).toMatch(/[а-яё]/i)
  })

  test('an empty or blank name is "required" too', () => {
    for (const name of ['', '    ']) {
      const result = parseWith(ProjectSchema, form({ ...valid, name }), en)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.errors.name).toBe(en('errors.required'))
    }
  })

  test('an unknown currency is the "choice" message, and only that field is reported', () => {
    const result = parseWith(ProjectSchema, form({ ...valid, currency: 'DOGE' }), en)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual({ currency: 'Choose one of the offered values.' })
    expect(parseWith(ProjectSchema, form({ ...valid, currency: 'DOGE' }), ru)).toMatchObject({
      ok: false,
      errors: { currency: 'Выберите одно из предложенных значений.' },
    })
  })

  test('too long a name names the limit', () => {
    const result = parseWith(ProjectSchema, form({ ...valid, name: 'x'.repeat(121) }), en)
    expect(result).toMatchObject({ ok: false, errors: { name: 'Use at most 120 characters.' } })
  })

  test('on failure the submitted values come back for the form to show again', () => {
    const result = parseWith(ProjectSchema, form({ ...valid, currency: 'DOGE' }), en)
    expect(result).toMatchObject({ ok: false, values: { ...valid, currency: 'DOGE' } })
  })

  test('a valid form is ok with trimmed values', () => {
    const result = parseWith(ProjectSchema, form(valid), en)
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Выбор CRM',
        clientOrganisation: 'ООО «Ромашка»',
        description: 'Нужна CRM.',
        documentLanguage: 'ru',
        currency: 'RUB',
      },
    })
  })

  test('description is optional and defaults to an empty string', () => {
    const { description: _, ...rest } = valid
    expect(parseWith(ProjectSchema, form(rest), en)).toMatchObject({ ok: true, value: { description: '' } })
  })

  test('a custom message key in the schema is translated (invalid e-mail)', () => {
    const result = parseWith(InviteSchema, form({ intent: 'invite', email: 'not-an-email', role: 'member' }), ru)
    expect(result).toMatchObject({ ok: false, errors: { email: ru('errors.email') } })
    expect(ru('errors.email')).not.toBe('errors.email')
  })
})

describe('formValues', () => {
  test('repeated fields become arrays, single ones strings, files are left out', () => {
    const fd = form({ a: '1', b: ['x', 'y'] })
    fd.append('file', new Blob(['data']), 'f.txt')
    fd.append('b', new Blob(['data']), 'g.txt')
    const values = formValues(fd)
    expect(values.a).toBe('1')
    expect(values.b).toEqual(['x', 'y'])
    // No file content reaches the values (a file-only field has no string value).
    expect(values.file ?? []).toEqual([])
  })
})
