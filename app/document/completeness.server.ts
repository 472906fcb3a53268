import { flattenSections, jsonStringList, type SpecDocument } from './spec-document'
import { allSections, type Localized, type SpecTemplate } from './templates.server'

/**
 * The completeness check of a draft against its template's rules (templates/specifications/
 * *.json, `completeness`): shown as a checklist before a version can be issued. A rule of
 * severity "error" that fails blocks issuing; a "warning" is shown and does not block.
 * Each failed rule lists what is missing (field labels, requirement codes, section numbers).
 */

export type CompletenessItem = {
  id: string
  title: string
  severity: 'error' | 'warning'
  ok: boolean
  /** What is missing, in the document's language (labels, codes, section numbers). */
  missing: string[]
}

type Rule = { id: string; title: Localized; check: string; params?: Record<string, unknown> }
type Lang = 'en' | 'ru'

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

function fieldLabel(template: SpecTemplate, key: string, lang: Lang): string {
  const [head, sub] = key.split('.')
  const field = template.titleSheet.fields.find((f) => f.key === head)
  if (!field) return key
  if (!sub) return field.label[lang]
  const child = ((field as { fields?: { key: string; label: Localized }[] }).fields ?? []).find((f) => f.key === sub)
  return child ? `${field.label[lang]}: ${child.label[lang]}` : key
}

const NOT_TAKEN_UP = ['suggested', 'dismissed', 'rejected']

const UNKNOWN: Localized = { en: 'Unknown check', ru: 'Неизвестная проверка' }

/** The project's rows the rules read: the document builder loads them anyway and hands them over. */
export type CompletenessFacts = {
  requirements: {
    code: string
    type: string
    status: string
    priority: string
    acceptanceCriterion: string
    integrationDirection: string | null
    integrationDataIn: string
    integrationDataOut: string
  }[]
  improvements: {
    code: string
    candidateId: string
    stage: string
    status: string
    hoursCenti: number | null
    hourlyRateMinor: number | null
    fixedPriceMinor: number | null
    durationDays: number | null
  }[]
  decision: { chosenCandidateId: string | null; signedOffAt: Date | null }
}

export function checkCompleteness(template: SpecTemplate, built: { document: SpecDocument; titleValues: Record<string, string>; facts: CompletenessFacts }): CompletenessItem[] {
  const lang = built.document.meta.language
  const rules = ((template as { completeness?: Rule[] }).completeness ?? []) as Rule[]
  const { requirements, improvements, decision } = built.facts
  const present = new Map(flattenSections([...built.document.sections, ...built.document.appendices]).map((s) => [s.id, s]))

  return rules.map((rule) => {
    const p = rule.params ?? {}
    const severity = p.severity === 'warning' ? 'warning' : 'error'
    const statuses = strings(p.statuses)
    const inStatus = <T extends { status: string }>(x: T) => statuses.length === 0 || statuses.includes(x.status)
    let missing: string[]
    switch (rule.check) {
      case 'section-present': {
        const wanted = strings(p.sections)
        const withChildren = p.includeMandatoryChildren === true
        const templateSections = allSections(template.sections)
        const mandatoryChildren = (id: string) => templateSections.find((s) => s.id === id)?.children.filter((c) => c.mandatory).map((c) => c.id) ?? []
        const ids = withChildren ? wanted.flatMap((id) => [id, ...mandatoryChildren(id)]) : wanted
        missing = ids.filter((id) => !present.has(id))
        break
      }
      case 'title-field-filled':
        missing = strings(p.fields)
          .filter((key) => !built.titleValues[key]?.trim())
          .map((key) => fieldLabel(template, key, lang))
        break
      case 'must-have-acceptance': {
        const priorities = strings(p.priorities)
        missing = requirements.filter((r) => inStatus(r) && (priorities.length === 0 || priorities.includes(r.priority)) && !r.acceptanceCriterion.trim()).map((r) => r.code)
        break
      }
      case 'integration-data-per-direction':
        missing = requirements
          .filter((r) => r.type === 'integration' && inStatus(r))
          .filter((r) => {
            const dir = r.integrationDirection
            if (!dir) return true
            const needIn = dir === 'in' || dir === 'both'
            const needOut = dir === 'out' || dir === 'both'
            return (needIn && jsonStringList(r.integrationDataIn).length === 0) || (needOut && jsonStringList(r.integrationDataOut).length === 0)
          })
          .map((r) => r.code)
        break
      case 'decision-signed-off':
        missing = decision.signedOffAt ? [] : [lang === 'ru' ? 'Решение о выборе системы не утверждено' : 'The decision is not signed off']
        break
      case 'no-draft-requirements':
        missing = requirements.filter((r) => strings(p.statuses).includes(r.status)).map((r) => r.code)
        break
      case 'improvements-estimated': {
        const stages = strings(p.stages)
        const chosen = decision.chosenCandidateId
        missing = improvements
          // Only items the lead took up: a suggestion never taken up, dismissed or rejected is not part of the work.
          .filter((i) => i.candidateId === chosen && (stages.length === 0 || stages.includes(i.stage)) && !NOT_TAKEN_UP.includes(i.status))
          .filter((i) => {
            const costed = i.fixedPriceMinor != null || (i.hoursCenti != null && i.hourlyRateMinor != null)
            return !inStatus(i) || !costed || i.durationDays == null
          })
          .map((i) => i.code)
        break
      }
      default:
        return { id: rule.id, title: `${UNKNOWN[lang]}: ${rule.check}`, severity: 'warning', ok: false, missing: [] }
    }
    return { id: rule.id, title: rule.title[lang], severity, ok: missing.length === 0, missing }
  })
}

/** Issuing is blocked while any error-severity rule fails. */
export function blockingItems(items: CompletenessItem[]): CompletenessItem[] {
  return items.filter((i) => !i.ok && i.severity === 'error')
}
