/**
 * Advisory requirement-quality linter (discovery stage, "Quality lint").
 *
 * Pure module: the rule sets are data files (`templates/lint-rules/{en,ru}.json`) imported
 * statically; nothing here touches the database or the file system at call time. Findings are
 * advisory and never block anything. The function never throws: malformed rules are skipped and
 * the statement is capped at {@link MAX_LINT_CHARS} characters before matching.
 */
import enRuleFile from '../../templates/lint-rules/en.json'
import ruRuleFile from '../../templates/lint-rules/ru.json'

export type LintLanguage = 'en' | 'ru'

export type LintMatch = { text: string; start: number; end: number }

export type LintFinding = {
  ruleId: string
  title: string
  explanation: string
  matches: LintMatch[]
}

export type LintInput = {
  statement: string
  acceptanceCriterion?: string | null
  documentLanguage: LintLanguage
}

/** Only this many leading characters of a statement are linted (guards against slow patterns). */
export const MAX_LINT_CHARS = 20_000

export const MISSING_ACCEPTANCE_CRITERION = 'missing-acceptance-criterion'

const MISSING_ACCEPTANCE_TEXT: Record<LintLanguage, { title: string; explanation: string }> = {
  en: {
    title: 'No acceptance criterion',
    explanation:
      'Without an acceptance criterion nobody can say at acceptance whether the requirement is met. ' +
      'Describe how it will be checked: the test, the input, and the observable result that counts as success.',
  },
  ru: {
    title: 'Нет критерия приёмки',
    explanation:
      'Без критерия приёмки при сдаче работ нельзя сказать, выполнено ли требование. ' +
      'Опишите, как его будут проверять: проверку, исходные данные и наблюдаемый результат, который считается успехом.',
  },
}

type Localised = Record<LintLanguage, string>

type CompiledRule = {
  id: string
  title: Localised
  explanation: Localised
  regex: RegExp
  minMatches: number
}

const LETTER_OR_DIGIT_BEFORE = '(?<![\\p{L}\\p{N}])'
const LETTER_OR_DIGIT_AFTER = '(?![\\p{L}\\p{N}])'

/** Escapes regex syntax characters; only those may be escaped under the `u` flag. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}

/** One term as regex source: a space inside the term matches any run of whitespace. */
function termSource(term: string): string {
  return term.trim().split(/\s+/u).map(escapeRegex).join('\\s+')
}

/** All terms of a rule as one alternation, longest first so the longest phrase wins at a position. */
export function termsRegexSource(terms: readonly string[]): string | null {
  const cleaned = [...new Set(terms.filter((t) => typeof t === 'string' && t.trim() !== '').map((t) => t.trim()))]
  if (cleaned.length === 0) return null
  cleaned.sort((a, b) => b.length - a.length)
  return `${LETTER_OR_DIGIT_BEFORE}(?:${cleaned.map(termSource).join('|')})${LETTER_OR_DIGIT_AFTER}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function localised(value: unknown, fallback: string): Localised {
  const record = isRecord(value) ? value : {}
  const en = typeof record.en === 'string' ? record.en : fallback
  const ru = typeof record.ru === 'string' ? record.ru : en
  return { en, ru }
}

/** Compiles one raw rule from a data file; returns null (rule skipped) when it is malformed. */
function compileRule(raw: unknown): CompiledRule | null {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') return null
  let source: string | null = null
  if (raw.kind === 'terms' && Array.isArray(raw.terms)) {
    source = termsRegexSource(raw.terms.filter((t): t is string => typeof t === 'string'))
  } else if (raw.kind === 'pattern' && typeof raw.pattern === 'string' && raw.pattern !== '') {
    source = raw.pattern
  }
  if (source === null) return null
  let regex: RegExp
  try {
    regex = new RegExp(source, 'giu')
  } catch {
    return null
  }
  const minMatches =
    typeof raw.minMatches === 'number' && Number.isFinite(raw.minMatches) && raw.minMatches >= 1
      ? Math.floor(raw.minMatches)
      : 1
  return {
    id: raw.id,
    title: localised(raw.title, raw.id),
    explanation: localised(raw.explanation, ''),
    regex,
    minMatches,
  }
}

function compileRuleFile(file: unknown): CompiledRule[] {
  const rules = isRecord(file) && Array.isArray(file.rules) ? (file.rules as unknown[]) : []
  return rules.map(compileRule).filter((rule): rule is CompiledRule => rule !== null)
}

/** Module-level cache: each rule set is compiled once, on first use. */
const compiledCache = new Map<LintLanguage, CompiledRule[]>()
const RULE_FILES: Record<LintLanguage, unknown> = { en: enRuleFile, ru: ruRuleFile }

export function lintRules(language: LintLanguage): readonly CompiledRule[] {
  let rules = compiledCache.get(language)
  if (!rules) {
    rules = compileRuleFile(RULE_FILES[language])
    compiledCache.set(language, rules)
  }
  return rules
}

function asLanguage(value: unknown): LintLanguage {
  return value === 'ru' ? 'ru' : 'en'
}

function findMatches(regex: RegExp, text: string): LintMatch[] {
  const matches: LintMatch[] = []
  regex.lastIndex = 0
  for (const m of text.matchAll(regex)) {
    if (m[0] === '') continue
    matches.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  }
  return matches
}

/**
 * Lints one requirement: the rule set of the document language applied to the plain-text
 * statement, plus the built-in "missing acceptance criterion" finding. Titles and explanations
 * are in the UI locale. Findings follow rule order; the built-in finding comes last.
 */
export function lintRequirement(input: LintInput, uiLocale: LintLanguage): LintFinding[] {
  const findings: LintFinding[] = []
  try {
    const locale = asLanguage(uiLocale)
    const language = asLanguage(input?.documentLanguage)
    const rawStatement: unknown = input?.statement
    const statement = typeof rawStatement === 'string' ? rawStatement.slice(0, MAX_LINT_CHARS) : ''

    if (statement.trim() !== '') {
      for (const rule of lintRules(language)) {
        let matches: LintMatch[]
        try {
          matches = findMatches(rule.regex, statement)
        } catch {
          continue
        }
        if (matches.length === 0 || matches.length < rule.minMatches) continue
        findings.push({
          ruleId: rule.id,
          title: rule.title[locale],
          explanation: rule.explanation[locale],
          matches,
        })
      }
    }

    const criterion: unknown = input?.acceptanceCriterion
    if (typeof criterion !== 'string' || criterion.trim() === '') {
      findings.push({ ruleId: MISSING_ACCEPTANCE_CRITERION, ...MISSING_ACCEPTANCE_TEXT[locale], matches: [] })
    }
  } catch {
    // Advisory only: a linter failure must never break saving or viewing a requirement.
  }
  return findings
}
