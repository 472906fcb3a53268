import { createContext, useContext } from 'react'
import en from './en.json'
import ru from './ru.json'
import interviewsEn from './discovery/interviews.en.json'
import interviewsRu from './discovery/interviews.ru.json'
import processesEn from './discovery/processes.en.json'
import processesRu from './discovery/processes.ru.json'
import requirementsEn from './discovery/requirements.en.json'
import requirementsRu from './discovery/requirements.ru.json'
import candidatesEn from './evaluation/candidates.en.json'
import candidatesRu from './evaluation/candidates.ru.json'
import improvementsEn from './evaluation/improvements.en.json'
import improvementsRu from './evaluation/improvements.ru.json'
import scoringEn from './evaluation/scoring.en.json'
import scoringRu from './evaluation/scoring.ru.json'
import specificationEn from './specification/specification.en.json'
import specificationRu from './specification/specification.ru.json'
import specDraftEn from './specification/draft.en.json'
import specDraftRu from './specification/draft.ru.json'
import specVersionEn from './specification/version.en.json'
import specVersionRu from './specification/version.ru.json'
import verifyEn from './specification/verify.en.json'
import verifyRu from './specification/verify.ru.json'

export const LOCALES = ['en', 'ru'] as const
export type Locale = (typeof LOCALES)[number]
export type Vars = Record<string, string | number>
export type T = (key: string, vars?: Vars) => string

type Dictionary = { [key: string]: string | Dictionary }
// One dictionary per language: the core strings plus one namespace file per product area,
// so each area's strings live next to each other (keys: `processes.…`, `interviews.…`, …).
export const dictionaries: Record<Locale, Dictionary> = {
  en: {
    ...en,
    processes: processesEn,
    interviews: interviewsEn,
    requirements: requirementsEn,
    candidates: candidatesEn,
    scoring: scoringEn,
    improvements: improvementsEn,
    specification: specificationEn,
    specDraft: specDraftEn,
    specVersion: specVersionEn,
    verify: verifyEn,
  },
  ru: {
    ...ru,
    processes: processesRu,
    interviews: interviewsRu,
    requirements: requirementsRu,
    candidates: candidatesRu,
    scoring: scoringRu,
    improvements: improvementsRu,
    specification: specificationRu,
    specDraft: specDraftRu,
    specVersion: specVersionRu,
    verify: verifyRu,
  },
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function lookup(dict: Dictionary, key: string): string | undefined {
  let node: string | Dictionary | undefined = dict
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

/**
 * Looks a key up in the locale's dictionary (falling back to English, then to the key itself,
 * so a missing string is visible rather than blank). With a numeric `count`, a plural form
 * `key_one` / `key_few` / `key_many` / `key_other` is chosen by the language's plural rules.
 */
export function translate(locale: Locale, key: string, vars?: Vars): string {
  const dict = dictionaries[locale]
  let text: string | undefined
  if (vars && typeof vars.count === 'number') {
    const form = new Intl.PluralRules(locale).select(vars.count)
    text = lookup(dict, `${key}_${form}`) ?? lookup(dict, `${key}_other`)
  }
  text ??= lookup(dict, key) ?? lookup(dictionaries.en, key) ?? key
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}

export function createT(locale: Locale): T {
  return (key, vars) => translate(locale, key, vars)
}

export const I18nContext = createContext<{ locale: Locale; t: T }>({ locale: 'en', t: createT('en') })

export function useI18n() {
  return useContext(I18nContext)
}

export function useT(): T {
  return useContext(I18nContext).t
}

/** Dates are stored in UTC and shown with the zone named. */
export function formatDateTime(value: Date | string, locale: Locale, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(value))
}

export function formatDate(value: Date | string, locale: Locale, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeZone }).format(
    new Date(value),
  )
}
