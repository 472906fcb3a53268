import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/scoring-results'
import { EvaluationTabs } from '~/components/evaluation-tabs'
import { ContributionBars, Heatmap, HeatmapKey, ScoreBar } from '~/components/scoring-charts'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDateTime, useI18n } from '~/i18n'
import { scoringResults } from '~/models/scoring.server'
import { db } from '~/utils/db.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

const HEATMAP_LIMIT = 60

// results.view excludes vendors: the page compares every candidate. Only the heaviest rows are
// drawn in the heatmap (the full matrix lives on the scoring page).
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'results.view')
  const results = await scoringResults(db, project.id, { heatmapLimit: HEATMAP_LIMIT })
  return {
    slug: project.slug,
    ...results,
    tabs: { scoring: can(membership.role, 'score.submit'), results: true, decision: can(membership.role, 'decision.view') },
  }
}

function pct(value: number, locale: string) {
  return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 0 })} %`
}

function pp(value: number, locale: string) {
  const s = Math.abs(value).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })
  return `${value < 0 ? '−' : '+'}${s}`
}

export default function ScoringResults() {
  const { t, locale } = useI18n()
  const d = useLoaderData<typeof loader>()
  const name = new Map(d.candidates.map((c) => [c.id, c.product]))
  const ranked = [...d.results].sort((a, b) => b.weightedScore - a.weightedScore)
  return (
    <div className="space-y-6">
      <EvaluationTabs slug={d.slug} current="results" show={d.tabs} />
      <PageHeader
        title={t('scoring.results.title')}
        description={d.round ? t('scoring.results.basis', { number: d.round.number, date: d.round.closedAt ? formatDateTime(d.round.closedAt, locale) : '' }) : undefined}
        actions={
          d.round ? (
            <button type="button" className="no-print rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium hover:bg-slate-100" onClick={() => window.print()}>
              {t('scoring.results.print')}
            </button>
          ) : undefined
        }
      />
      {!d.round || d.candidates.length === 0 ? (
        <EmptyState title={t('scoring.results.none')}>
          <Link to={`/p/${d.slug}/scoring`}>{t('scoring.results.toScoring')}</Link>
        </EmptyState>
      ) : (
        <>
          <Panel title={t('scoring.results.summary')}>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <TableHead
                  columns={[
                    t('scoring.results.rank'),
                    t('scoring.results.candidate'),
                    t('scoring.results.weightedScore'),
                    t('scoring.results.coverageAsIs'),
                    t('scoring.results.coverageAfter'),
                    t('scoring.results.knockOuts'),
                  ]}
                />
                <tbody>
                  {ranked.map((r, i) => (
                    <tr key={r.candidateId} className="border-t border-slate-200 align-top">
                      <td className="py-2 pr-3 tabular-nums">{i + 1}</td>
                      <th scope="row" className="py-2 pr-3 text-left font-medium">
                        {name.get(r.candidateId)}
                        {r.knockOuts.length > 0 ? (
                          <span className="ml-2">
                            <Badge tone="red">✕ {t('scoring.results.failing')}</Badge>
                          </span>
                        ) : null}
                      </th>
                      <td className="py-2 pr-3">
                        <ScoreBar value={r.weightedScore} label={t('scoring.results.scoreLabel', { candidate: name.get(r.candidateId) ?? '', score: r.weightedScore.toFixed(1) })} />
                      </td>
                      <td className="py-2 pr-3 tabular-nums">{r.mustTotal ? pct(r.coverageAsIs, locale) : '—'}</td>
                      <td className="py-2 pr-3 tabular-nums">{r.mustTotal ? pct(r.coverageAfter, locale) : '—'}</td>
                      <td className="py-2 pr-3">
                        {r.knockOuts.length === 0 ? (
                          <span className="text-slate-500">{t('scoring.results.noKnockOuts')}</span>
                        ) : (
                          <span>
                            {t('scoring.results.knockOutCount', { count: r.knockOuts.length })}:{' '}
                            <span className="font-mono text-xs">{r.knockOutCodes.join(', ')}</span>
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-3 text-xs text-slate-600">{t('scoring.results.summaryHint')}</p>
          </Panel>

          <Panel title={t('scoring.results.heatmapTitle')}>
            <HeatmapKey />
            <div className="mt-2 overflow-x-auto">
              <Heatmap rows={d.heatmap.rows} candidates={d.candidates} values={d.heatmap.values} />
            </div>
            {d.heatmap.total > d.heatmap.rows.length ? (
              <p className="mt-2 text-xs text-slate-600">{t('scoring.results.heatmapLimited', { shown: d.heatmap.rows.length, total: d.heatmap.total })}</p>
            ) : null}
          </Panel>

          <Panel title={t('scoring.results.contributionsTitle')}>
            <p className="mb-2 text-xs text-slate-600">{t('scoring.results.contributionsHint')}</p>
            <div className="overflow-x-auto">
              <ContributionBars items={d.contributions} candidates={d.candidates} />
            </div>
          </Panel>

          <Panel title={t('scoring.results.sensitivityTitle')}>
            <p className="mb-2 text-sm text-slate-600">
              {t('scoring.results.sensitivityHint', { leader: d.leaderId ? (name.get(d.leaderId) ?? '') : '—' })}
            </p>
            {d.sensitivity.length === 0 ? (
              <p className="text-sm text-slate-600">{t('scoring.results.sensitivityNone')}</p>
            ) : (
              <table className="w-full text-sm">
                <TableHead columns={[t('scoring.requirement'), t('scoring.weight'), t('scoring.results.changeAt'), t('scoring.results.newLeader')]} />
                <tbody>
                  {d.sensitivity.map((s) => (
                    <tr key={s.id} className="border-t border-slate-200">
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        <span className="font-mono text-xs">{s.code}</span> {s.title}
                      </th>
                      <td className="py-2 pr-3 tabular-nums">{(s.weight * 100).toLocaleString(locale, { maximumFractionDigits: 1 })} %</td>
                      <td className="py-2 pr-3 tabular-nums">
                        {s.change ? (
                          <strong>{t('scoring.results.changesAt', { delta: pp(s.change.deltaPp, locale) })}</strong>
                        ) : (
                          <span className="text-slate-600">{t('scoring.results.stable', { down: pp(-s.rangeDownPp, locale), up: pp(s.rangeUpPp, locale) })}</span>
                        )}
                      </td>
                      <td className="py-2 pr-3">{s.change ? name.get(s.change.newLeader) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        </>
      )}
    </div>
  )
}
