import { Link } from 'react-router'
import { useT } from '~/i18n'
import { can, type ProjectRole } from '~/utils/permissions'

export type EvaluationTab = 'candidates' | 'scoring' | 'results' | 'decision'

/**
 * Which tabs a viewer may see. The caller decides from the permission table, e.g.
 * `{ scoring: can(role, 'score.submit') || can(role, 'round.manage'), results: can(role, 'results.view'),
 *    decision: can(role, 'decision.view') }`. Candidates is always shown (candidate.view covers every role);
 * vendors therefore see only the Candidates tab.
 */
export type EvaluationTabsShow = Partial<Record<EvaluationTab, boolean>>

const TABS: readonly { key: EvaluationTab; path: string }[] = [
  { key: 'candidates', path: 'candidates' },
  { key: 'scoring', path: 'scoring' },
  { key: 'results', path: 'scoring/results' },
  { key: 'decision', path: 'decision' },
]

/** The sub-navigation of the evaluation stage: Candidates · Scoring · Results · Decision. */
export function EvaluationTabs({ slug, current, show }: { slug: string; current: EvaluationTab; show: EvaluationTabsShow }) {
  const t = useT()
  const visible = TABS.filter((tab) => tab.key === 'candidates' ? show.candidates !== false : show[tab.key] === true)
  return (
    <nav aria-label={t('candidates.tabs.label')} className="no-print mb-4 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1 text-sm">
        {visible.map((tab) => {
          const active = tab.key === current
          return (
            <li key={tab.key}>
              <Link
                to={`/p/${slug}/${tab.path}`}
                aria-current={active ? 'page' : undefined}
                className={`inline-block rounded-t-md border px-3 py-2 ${
                  active
                    ? 'border-slate-200 border-b-white bg-white font-medium text-accent-800'
                    : 'border-transparent text-slate-600 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {t(`candidates.tabs.${tab.key}`)}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/** The tabs a role may see, from the permission table (vendors: Candidates only). */
export function evaluationTabsShow(role: ProjectRole): EvaluationTabsShow {
  return {
    candidates: can(role, 'candidate.view'),
    scoring: can(role, 'score.submit') || can(role, 'round.manage'),
    results: can(role, 'results.view'),
    decision: can(role, 'decision.view'),
  }
}
