import { describe, expect, test } from 'vitest'
import enRuleFile from '../../templates/lint-rules/en.json'
import ruRuleFile from '../../templates/lint-rules/ru.json'
import {
  type LintFinding,
  type LintLanguage,
  lintRequirement,
  lintRules,
  MAX_LINT_CHARS,
  MISSING_ACCEPTANCE_CRITERION,
  termsRegexSource,
} from './requirement-lint'

const AC = 'Проверка: пропустить входящий звонок и убедиться, что задача создана в течение 1 минуты.'

function lint(statement: string, documentLanguage: LintLanguage, acceptanceCriterion: string | null = AC) {
  return lintRequirement({ statement, acceptanceCriterion, documentLanguage }, 'en')
}

function finding(findings: LintFinding[], ruleId: string): LintFinding {
  const found = findings.find((f) => f.ruleId === ruleId)
  if (!found) throw new Error(`no ${ruleId} finding in ${JSON.stringify(findings.map((f) => f.ruleId))}`)
  return found
}

function expectOffsetsSliceBack(statement: string, findings: LintFinding[]) {
  for (const f of findings) {
    for (const m of f.matches) expect(statement.slice(m.start, m.end)).toBe(m.text)
  }
}

describe('rule data files', () => {
  test('every rule of both languages compiles (no rule silently skipped)', () => {
    expect(lintRules('en').map((r) => r.id)).toEqual(enRuleFile.rules.map((r) => r.id))
    expect(lintRules('ru').map((r) => r.id)).toEqual(ruRuleFile.rules.map((r) => r.id))
  })

  test('the rule set is compiled once and cached', () => {
    expect(lintRules('ru')).toBe(lintRules('ru'))
  })

  test('terms escape regex metacharacters and prefer the longest phrase', () => {
    const re = new RegExp(termsRegexSource(['и т.д.', 'и', '???', 'a+b'])!, 'giu')
    expect('и тxд'.match(re)).toEqual(['и'])
    expect('x и т.д. y'.match(re)).toEqual(['и т.д.'])
    expect('a+b aab'.match(re)).toEqual(['a+b'])
  })
})

describe('Russian documents', () => {
  test('vague terms: быстро, удобно, и т.д. with offsets into the statement', () => {
    const statement = 'Система должна быстро и удобно формировать отчёты и т.д.'
    const findings = lint(statement, 'ru')
    const vague = finding(findings, 'vague-terms')
    expect(vague.matches.map((m) => m.text)).toEqual(['быстро', 'удобно', 'и т.д.'])
    expect(vague.matches[0]).toEqual({ text: 'быстро', start: 15, end: 21 })
    expectOffsetsSliceBack(statement, findings)
    expect(findings.map((f) => f.ruleId)).toEqual(['vague-terms'])
  })

  test('terms match case-insensitively, only as whole words, with any whitespace inside a phrase', () => {
    const findings = lint('БЫСТРО; Быстроходный модуль; и т.\u00a0д.', 'ru')
    expect(finding(findings, 'vague-terms').matches.map((m) => m.text)).toEqual(['БЫСТРО', 'и т.\u00a0д.'])
    expect(lint('Система должна формировать неудобные отчёты', 'ru')).toEqual([])
  })

  test('two «должна» make the statement non-singular; one does not', () => {
    const statement = 'Система должна создавать задачу и должна отправлять письмо'
    const findings = lint(statement, 'ru')
    const nonSingular = finding(findings, 'non-singular')
    expect(nonSingular.matches.map((m) => m.text)).toEqual(['должна', 'должна'])
    expectOffsetsSliceBack(statement, findings)
    expect(lint('Система должна создавать задачу', 'ru')).toEqual([])
  })

  test('a good requirement with an acceptance criterion has no findings', () => {
    const statement =
      'Система должна создавать ответственному менеджеру задачу перезвонить не позже чем через 1 минуту после пропущенного входящего звонка.'
    expect(lint(statement, 'ru')).toEqual([])
  })

  test.each([null, '', '   \n\t '])('missing acceptance criterion (%j) yields exactly the built-in finding', (ac) => {
    const statement =
      'Система должна создавать ответственному менеджеру задачу перезвонить не позже чем через 1 минуту после пропущенного входящего звонка.'
    const findings = lintRequirement({ statement, acceptanceCriterion: ac, documentLanguage: 'ru' }, 'ru')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ ruleId: MISSING_ACCEPTANCE_CRITERION, title: 'Нет критерия приёмки', matches: [] })
    expect(findings[0]!.explanation).not.toBe('')
  })

  test('an omitted acceptance criterion also yields the built-in finding, last in order', () => {
    const findings = lintRequirement({ statement: 'Система должна быстро работать', documentLanguage: 'ru' }, 'en')
    expect(findings.map((f) => f.ruleId)).toEqual(['vague-terms', MISSING_ACCEPTANCE_CRITERION])
  })

  test('TBD-like text yields tbd', () => {
    const statement = 'Формат выгрузки: уточнить позднее; срок — TBD'
    const findings = lint(statement, 'ru')
    expect(finding(findings, 'tbd').matches.map((m) => m.text)).toEqual(['уточнить позднее', 'TBD'])
    expectOffsetsSliceBack(statement, findings)
  })

  test('Latin text in a Russian document does not crash and is not linted with English rules', () => {
    const statement = 'The system shall be fast and user-friendly and shall send reports, etc. TODO'
    const findings = lint(statement, 'ru')
    expect(findings.map((f) => f.ruleId)).toEqual(['tbd'])
    expectOffsetsSliceBack(statement, findings)
  })

  test('findings follow rule order', () => {
    const statement = 'Все отчёты должны быть сформированы быстро и должны отправляться по возможности; уточнить'
    const ids = lint(statement, 'ru').map((f) => f.ruleId)
    const order = ruRuleFile.rules.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining(['vague-terms', 'escape-clauses', 'tbd', 'non-singular', 'universal-quantifiers']))
    expect([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ids)
  })
})

describe('English documents', () => {
  test('vague terms: fast, user-friendly', () => {
    const statement = 'The system shall generate reports fast and be user-friendly.'
    const findings = lint(statement, 'en', 'Generate a report of 1,000 rows; it appears within 2 s.')
    expect(finding(findings, 'vague-terms').matches.map((m) => m.text)).toEqual(['fast', 'user-friendly'])
    expectOffsetsSliceBack(statement, findings)
  })

  test('TBD yields tbd', () => {
    expect(finding(lint('The response time shall be TBD.', 'en', 'x'), 'tbd').matches).toEqual([
      { text: 'TBD', start: 27, end: 30 },
    ])
  })

  test('two "shall"s make the statement non-singular', () => {
    const findings = lint('The system shall create a task and shall send an e-mail to the manager.', 'en', 'x')
    expect(finding(findings, 'non-singular').matches.map((m) => m.text)).toEqual(['shall', 'shall'])
    expect(lint('The system shall create a task for the manager.', 'en', 'x')).toEqual([])
  })

  test('Russian rules are not applied to an English document', () => {
    expect(lint('Система должна быстро и должна удобно', 'en', 'x')).toEqual([])
  })
})

describe('locale and robustness', () => {
  test('UI locale switches the language of titles and explanations', () => {
    const input = { statement: 'Система должна быстро работать', acceptanceCriterion: null, documentLanguage: 'ru' as const }
    const en = lintRequirement(input, 'en')
    const ru = lintRequirement(input, 'ru')
    expect(en.map((f) => f.title)).toEqual(['Vague term', 'No acceptance criterion'])
    expect(ru.map((f) => f.title)).toEqual(['Размытая формулировка', 'Нет критерия приёмки'])
    expect(en[0]!.explanation).not.toBe(ru[0]!.explanation)
    expect(en[0]!.matches).toEqual(ru[0]!.matches)
  })

  test('a 100 KB statement returns within 200 ms and only the first 20,000 chars are linted', () => {
    const statement = 'Система должна быстро и удобно формировать отчёты и т.д. быть '.repeat(1700).padEnd(100_000, 'о')
    expect(statement.length).toBeGreaterThanOrEqual(100_000)
    lintRequirement({ statement: 'x', documentLanguage: 'ru' }, 'ru') // compile outside the timing
    const started = performance.now()
    const findings = lint(statement, 'ru')
    expect(performance.now() - started).toBeLessThan(200)
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) for (const m of f.matches) expect(m.end).toBeLessThanOrEqual(MAX_LINT_CHARS)
    expectOffsetsSliceBack(statement, findings)
  })

  test('pathological inputs never throw', () => {
    const weird = [
      '',
      '   ',
      '\u0000\uD800((([[[***+++???',
      'a'.repeat(100_000),
      'быть '.repeat(30_000),
      '/'.repeat(50_000),
      '?'.repeat(50_000),
    ]
    for (const statement of weird) {
      for (const lang of ['en', 'ru'] as const) {
        expect(() => lintRequirement({ statement, acceptanceCriterion: 'x', documentLanguage: lang }, lang)).not.toThrow()
      }
    }
    const bogus = { statement: 42, acceptanceCriterion: 7, documentLanguage: 'de' } as unknown as Parameters<
      typeof lintRequirement
    >[0]
    expect(lintRequirement(bogus, 'fr' as LintLanguage).map((f) => f.ruleId)).toEqual([MISSING_ACCEPTANCE_CRITERION])
    expect(lintRequirement(null as unknown as Parameters<typeof lintRequirement>[0], 'en')).toEqual([
      expect.objectContaining({ ruleId: MISSING_ACCEPTANCE_CRITERION }),
    ])
  })
})
