import { describe, expect, test } from 'vitest'
import ru from './ru.json'
import { createT, dictionaries, isLocale, LOCALES, translate, type Locale } from './index'

type Dict = { [key: string]: string | Dict }

function flatten(dict: Dict, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(dict)) {
    const full = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(full, value)
    else for (const [k, v] of flatten(value, full)) out.set(k, v)
  }
  return out
}

const PLURAL = /_(zero|one|two|few|many|other)$/
const baseKey = (key: string) => key.replace(PLURAL, '')
const flat: Record<Locale, Map<string, string>> = { en: flatten(dictionaries.en as Dict), ru: flatten(dictionaries.ru as Dict) }
const baseKeys = (locale: Locale) => new Set([...flat[locale].keys()].map(baseKey))
const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))

/** The plural categories whole numbers reach in a language (what `count` can select). */
function integerCategories(locale: Locale): Set<string> {
  const rules = new Intl.PluralRules(locale)
  const out = new Set<string>()
  for (let n = 0; n <= 1000; n++) out.add(rules.select(n))
  return out
}

describe('dictionaries', () => {
  test('en and ru have the same keys (plural forms counted as one key)', () => {
    const enKeys = baseKeys('en')
    const ruKeys = baseKeys('ru')
    expect([...enKeys].filter((k) => !ruKeys.has(k)), 'keys missing in ru.json').toEqual([])
    expect([...ruKeys].filter((k) => !enKeys.has(k)), 'keys missing in en.json').toEqual([])
    expect(enKeys.size).toBeGreaterThan(50)
  })

  test.each(LOCALES)('%s has no empty strings', (locale) => {
    const empty = [...flat[locale]].filter(([, v]) => v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  test.each(LOCALES)('%s: every plural key has a form for each category whole numbers select', (locale) => {
    const needed = integerCategories(locale)
    const plurals = new Set([...flat[locale].keys()].filter((k) => PLURAL.test(k)).map(baseKey))
    const missing: string[] = []
    for (const base of plurals) for (const form of needed) if (!flat[locale].has(`${base}_${form}`)) missing.push(`${base}_${form}`)
    expect(missing).toEqual([])
  })

  test('a key is a plural in both languages or in neither', () => {
    const isPlural = (locale: Locale, base: string) => [...flat[locale].keys()].some((k) => PLURAL.test(k) && baseKey(k) === base)
    const mismatched = [...baseKeys('en')].filter((base) => isPlural('en', base) !== isPlural('ru', base))
    expect(mismatched).toEqual([])
  })

  test('translations use the same {placeholders} as English', () => {
    const collect = (locale: Locale) => {
      const byBase = new Map<string, Set<string>>()
      for (const [key, text] of flat[locale]) {
        const set = byBase.get(baseKey(key)) ?? new Set<string>()
        for (const p of placeholders(text)) set.add(p)
        byBase.set(baseKey(key), set)
      }
      return byBase
    }
    const enVars = collect('en')
    const ruVars = collect('ru')
    const differing = [...enVars]
      .filter(([base, vars]) => [...vars].sort().join() !== [...(ruVars.get(base) ?? [])].sort().join())
      .map(([base]) => base)
    expect(differing).toEqual([])
  })
})

describe('translate', () => {
  test('looks up nested keys per language', () => {
    expect(translate('en', 'nav.projects')).toBe('Projects')
    expect(translate('ru', 'errors.required')).toBe('Заполните это поле.')
    expect(createT('ru')('roles.lead')).toBe(translate('ru', 'roles.lead'))
    expect(translate('ru', 'roles.lead')).not.toBe(translate('en', 'roles.lead'))
  })

  test('interpolates {vars} and leaves unknown placeholders visible', () => {
    expect(translate('en', 'common.pageOf', { page: 2, pages: 7 })).toBe('Page 2 of 7')
    expect(translate('en', 'common.pageOf', { page: 2 })).toBe('Page 2 of {pages}')
    expect(translate('en', 'common.pageOf')).toBe('Page {page} of {pages}')
  })

  test('falls back to English when a Russian string is missing, then to the key itself', () => {
    const projects = dictionaries.ru.projects as Record<string, unknown>
    const saved = projects.create
    delete projects.create
    try {
      expect(translate('ru', 'projects.create')).toBe(translate('en', 'projects.create'))
      expect(translate('ru', 'projects.create')).not.toBe(saved)
    } finally {
      projects.create = saved
    }
    expect(translate('ru', 'projects.create')).toBe(saved)
    expect(translate('ru', 'no.such.key')).toBe('no.such.key')
    expect(translate('en', 'no.such.key', { count: 3 })).toBe('no.such.key')
    // A key naming a group, not a string, is not a translation either.
    expect(translate('en', 'nav')).toBe('nav')
  })

  test.each([
    [1, '1 участник'],
    [2, '2 участника'],
    [3, '3 участника'],
    [4, '4 участника'],
    [5, '5 участников'],
    [11, '11 участников'],
    [12, '12 участников'],
    [21, '21 участник'],
    [22, '22 участника'],
    [25, '25 участников'],
    [0, '0 участников'],
  ])('Russian plural: %i → %s', (count, expected) => {
    expect(translate('ru', 'projects.members', { count })).toBe(expected)
  })

  test('Russian plural forms come from the _one/_few/_many keys', () => {
    expect(translate('ru', 'projects.members', { count: 1 })).toBe(ru.projects.members_one.replace('{count}', '1'))
    expect(translate('ru', 'projects.members', { count: 3 })).toBe(ru.projects.members_few.replace('{count}', '3'))
    expect(translate('ru', 'projects.members', { count: 5 })).toBe(ru.projects.members_many.replace('{count}', '5'))
    expect(translate('ru', 'projects.members', { count: 21 })).toBe(ru.projects.members_one.replace('{count}', '21'))
  })

  test('English plural: 1 → _one, otherwise _other', () => {
    expect(translate('en', 'projects.members', { count: 1 })).toBe('1 member')
    expect(translate('en', 'projects.members', { count: 0 })).toBe('0 members')
    expect(translate('en', 'projects.members', { count: 21 })).toBe('21 members')
  })

  test('isLocale accepts exactly en and ru', () => {
    expect(isLocale('en')).toBe(true)
    expect(isLocale('ru')).toBe(true)
    for (const v of ['de', 'EN', '', null, undefined, 1]) expect(isLocale(v)).toBe(false)
  })
})
