import { useState } from 'react'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/decision'
import { EvaluationTabs, evaluationTabsShow } from '~/components/evaluation-tabs'
import { RichTextEditor, richTextContentClass } from '~/components/rich-text-editor'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField } from '~/components/ui/field'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDateTime, useI18n, type T } from '~/i18n'
import { costComparison, getDecision, reopenDecision, saveDecision, setTcoYears, signOffDecision, type DecisionFailure } from '~/models/decision.server'
import { STAGES } from '~/models/improvement-math'
import { candidateResults, latestClosedRound } from '~/models/scoring.server'
import { DecisionActionSchema, REASON_MAX, reasonsFrom, TCO_YEARS_MAX, TCO_YEARS_MIN } from '~/schemas/candidate'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { formatMoney } from '~/utils/money'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { parseRichText, renderRichTextHtml } from '~/utils/rich-text'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

// The cost comparison and the decision record. Vendors never get here (decision.view).
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'decision.view')
  const { t } = await requestI18n(request)
  const [costs, decision, round] = await Promise.all([costComparison(db, project.id), getDecision(db, project.id), latestClosedRound(db, project.id)])
  // Scores exist only once a round has closed; before that the chart shows cost alone.
  const results = round ? await candidateResults(db, project.id) : []
  const score = new Map(results.map((r) => [r.candidateId, r.weightedScore]))
  const canManage = can(membership.role, 'decision.manage', project.archivedAt !== null)
  const editing = canManage && !decision.signedOffAt
  return {
    pageTitle: t('candidates.decision.title'),
    slug: project.slug,
    currency: project.currency,
    years: costs.years,
    rows: costs.rows.map((r) => ({ ...r, score: round ? (score.get(r.candidateId) ?? 0) : null })),
    hasScores: round !== null,
    decision: {
      chosenCandidateId: decision.chosenCandidateId,
      // The editor gets the document; a reader gets HTML rendered here from the validated JSON.
      rationale: editing ? decision.rationale : null,
      rationaleHtml: editing || !decision.rationale ? null : renderRichTextHtml(decision.rationale),
      alternatives: decision.alternatives,
      signedOffBy: decision.signedOffBy,
      signedOffAt: decision.signedOffAt?.toISOString() ?? null,
      version: decision.version,
    },
    canManage,
    tabs: evaluationTabsShow(membership.role),
  }
}

type ActionResult = { intent: string; errors: FieldErrors; formError: string | null }

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'decision.manage')
  const { t, locale } = await requestI18n(request)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const back = `/p/${project.slug}/decision`
  const fail = (result: Partial<ActionResult>, status = 400) => data<ActionResult>({ intent, errors: {}, formError: null, ...result }, { status })
  const parsed = parseWith(DecisionActionSchema, form, t)
  if (!parsed.ok) {
    if (intent === 'set-years') return fail({ errors: { tcoYears: t('candidates.tco.yearsRange', { min: TCO_YEARS_MIN, max: TCO_YEARS_MAX }) } })
    return fail({ formError: t('errors.invalid') })
  }
  const input = parsed.value

  const failure = async (f: DecisionFailure) => {
    switch (f.error) {
      case 'stale':
        return fail(
          { formError: f.changedBy && f.changedAt ? t('candidates.stale', { name: f.changedBy, time: formatDateTime(f.changedAt, locale) }) : t('candidates.staleUnknown') },
          409,
        )
      case 'signed_off':
        return fail({ formError: t('candidates.decision.signedOffLocked') }, 409)
      case 'not_signed_off':
        return fail({ formError: t('candidates.decision.notSignedOff') }, 409)
      case 'candidate_not_found':
        return fail({ formError: t('candidates.notFound') }, 404)
      case 'no_choice':
        return fail({ errors: { chosenCandidateId: t('candidates.decision.noChoice') } })
      case 'no_rationale':
        return fail({ errors: { rationale: t('candidates.decision.noRationale') } })
      case 'missing_reasons': {
        const names = await db.candidate.findMany({ where: { projectId: project.id, id: { in: f.candidateIds } }, select: { id: true, product: true } })
        const errors: FieldErrors = {}
        for (const c of names) errors[`reason.${c.id}`] = t('candidates.decision.reasonRequired', { name: c.product })
        return fail({ errors, formError: t('candidates.decision.missingReasons', { names: names.map((c) => c.product).join(', ') }) })
      }
    }
  }

  switch (input.intent) {
    case 'set-years': {
      await setTcoYears(db, user.id, project.id, input.tcoYears)
      return redirectWithToast(back, { type: 'success', message: t('candidates.tco.yearsSaved', { count: input.tcoYears }) })
    }
    case 'save-decision': {
      const rich = parseRichText(input.rationale === '' ? '{"type":"doc","content":[]}' : input.rationale)
      if (!rich.ok) return fail({ errors: { rationale: t(`interviews.richText.${rich.code}`, { detail: rich.detail ?? '' }) } })
      const alternatives = reasonsFrom(form)
      const tooLong = alternatives.find((a) => a.reason.length > REASON_MAX)
      if (tooLong) return fail({ errors: { [`reason.${tooLong.candidateId}`]: t('errors.tooLong', { max: REASON_MAX }) } })
      const saved = await saveDecision(db, user.id, project.id, {
        version: input.version,
        chosenCandidateId: input.chosenCandidateId,
        rationale: rich.doc,
        rationaleText: rich.text.trim(),
        alternatives,
      })
      if (!saved.ok) return failure(saved)
      return redirectWithToast(back, { type: 'success', message: t('candidates.decision.saved') })
    }
    case 'sign-off': {
      const done = await signOffDecision(db, user.id, project.id, input.version)
      if (!done.ok) return failure(done)
      return redirectWithToast(back, { type: 'success', message: t('candidates.decision.signedOffToast') })
    }
    case 'reopen': {
      const done = await reopenDecision(db, user.id, project.id)
      if (!done.ok) return failure(done)
      return redirectWithToast(back, { type: 'success', message: t('candidates.decision.reopened') })
    }
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function Decision() {
  const { t, locale } = useI18n()
  const { slug, currency, years, rows, hasScores, decision, canManage, tabs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const money = (minor: number) => formatMoney(minor, currency, locale)

  return (
    <div className="space-y-6">
      <EvaluationTabs slug={slug} current="decision" show={tabs} />
      <PageHeader title={t('candidates.decision.title')} description={t('candidates.decision.purpose')} />
      {result?.formError ? <FormError message={result.formError} /> : null}

      <Panel
        title={t('candidates.tco.title', { count: years })}
        actions={
          canManage ? (
            <Form method="post" className="no-print flex items-center gap-2 text-sm">
              <input type="hidden" name="intent" value="set-years" />
              <label htmlFor="tco-years">{t('candidates.tco.years')}</label>
              <input
                id="tco-years"
                name="tcoYears"
                type="number"
                min={TCO_YEARS_MIN}
                max={TCO_YEARS_MAX}
                defaultValue={years}
                aria-invalid={result?.errors.tcoYears ? true : undefined}
                className="w-16 rounded-md border border-slate-300 px-2 py-1"
              />
              <Button type="submit" size="sm" disabled={busy}>
                {t('candidates.tco.apply')}
              </Button>
            </Form>
          ) : null
        }
      >
        {result?.errors.tcoYears ? (
          <p role="alert" className="mb-3 text-sm text-red-700">
            {result.errors.tcoYears}
          </p>
        ) : null}
        {rows.length === 0 ? (
          <EmptyState title={t('candidates.empty')} />
        ) : (
          <>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <TableHead
                  columns={[
                    t('candidates.col.product'),
                    t('candidates.tco.licences'),
                    t('candidates.col.implementation'),
                    ...STAGES.map((s) => t(`candidates.tco.stage.${s}`)),
                    t('candidates.tco.support'),
                    t('candidates.tco.total'),
                    ...(hasScores ? [t('candidates.tco.score')] : []),
                  ]}
                />
                <tbody className="divide-y divide-slate-100 tabular-nums">
                  {rows.map((r) => (
                    <tr key={r.candidateId}>
                      <th scope="row" className="py-2 pr-3 text-left font-medium">
                        {r.product}
                        <div className="font-normal text-slate-600">{r.vendor}</div>
                      </th>
                      <td className="py-2 pr-3">{money(r.tco.licencesMinor)}</td>
                      <td className="py-2 pr-3">{money(r.tco.implementationMinor)}</td>
                      {STAGES.map((s) => (
                        <td key={s} className="py-2 pr-3">
                          {money(r.tco.improvementsByStage[s])}
                        </td>
                      ))}
                      <td className="py-2 pr-3">{money(r.tco.supportMinor)}</td>
                      <td className="py-2 pr-3 font-semibold">{money(r.tco.totalMinor)}</td>
                      {hasScores ? <td className="py-2">{r.score === null ? '—' : `${r.score.toFixed(1)} %`}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-2 text-xs text-slate-500">{t('candidates.tco.note', { count: years })}</p>
            <div className="mt-4">{hasScores ? <CostScoreChart rows={rows} money={money} t={t} /> : <CostBars rows={rows} money={money} t={t} />}</div>
            {!hasScores ? <p className="mt-2 text-sm text-slate-600">{t('candidates.tco.noScores')}</p> : null}
          </>
        )}
      </Panel>

      <DecisionRecord rows={rows} decision={decision} canManage={canManage} busy={busy} errors={result?.errors ?? {}} />
    </div>
  )
}

const CHART_W = 720
const PAD = { left: 64, right: 24, top: 16, bottom: 44 }

/** Round a maximum up to a tidy axis end (1, 2, 2.5, 5 × 10^n). */
function niceCeil(value: number): number {
  if (value <= 0) return 1
  const exp = 10 ** Math.floor(Math.log10(value))
  for (const m of [1, 2, 2.5, 5, 10]) if (value <= m * exp) return m * exp
  return 10 * exp
}

// Each candidate gets its own marker shape, so the points differ without colour.
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const
function Marker({ shape, x, y }: { shape: (typeof MARKERS)[number]; x: number; y: number }) {
  const s = 6
  switch (shape) {
    case 'circle':
      return <circle cx={x} cy={y} r={s} fill="white" stroke="#0f172a" strokeWidth={2} />
    case 'square':
      return <rect x={x - s} y={y - s} width={s * 2} height={s * 2} fill="#0f172a" />
    case 'triangle':
      return <path d={`M${x},${y - s - 1} L${x + s + 1},${y + s} L${x - s - 1},${y + s} Z`} fill="white" stroke="#0f172a" strokeWidth={2} />
    case 'diamond':
      return <path d={`M${x},${y - s - 2} L${x + s + 2},${y} L${x},${y + s + 2} L${x - s - 2},${y} Z`} fill="#0f172a" />
    case 'cross':
      return <path d={`M${x - s},${y - s} L${x + s},${y + s} M${x - s},${y + s} L${x + s},${y - s}`} stroke="#0f172a" strokeWidth={2.5} />
  }
}

/**
 * Labels of points close together would print over each other: walking down the chart, a
 * label that would overlap one above it (in a similar column) moves below it, with a leader line.
 */
function placeLabels<P extends { px: number; py: number }>(points: P[]): (P & { ly: number })[] {
  const LABEL_HEIGHT = 42
  const LABEL_WIDTH = 230
  const placed = [...points].sort((a, b) => a.py - b.py).map((p) => ({ ...p, ly: p.py }))
  for (const [k, point] of placed.entries()) {
    for (const above of placed.slice(0, k)) {
      if (Math.abs(above.px - point.px) < LABEL_WIDTH && point.ly - above.ly < LABEL_HEIGHT) point.ly = above.ly + LABEL_HEIGHT
    }
  }
  return placed
}

function CostScoreChart({ rows, money, t }: { rows: Row[]; money: (m: number) => string; t: T }) {
  const height = 320
  const maxCost = niceCeil(Math.max(...rows.map((r) => r.tco.totalMinor)))
  const plotW = CHART_W - PAD.left - PAD.right
  const plotH = height - PAD.top - PAD.bottom
  const x = (cost: number) => PAD.left + (cost / maxCost) * plotW
  const y = (score: number) => PAD.top + plotH - (score / 100) * plotH
  const ticks = [0, 0.25, 0.5, 0.75, 1]
  const title = t('candidates.tco.chartTitle')
  return (
    <svg viewBox={`0 0 ${CHART_W} ${height}`} role="img" aria-label={title} className="w-full max-w-3xl font-sans text-[11px]">
      <title>{title}</title>
      {ticks.map((f) => (
        <g key={`y${f}`}>
          <line x1={PAD.left} x2={CHART_W - PAD.right} y1={y(f * 100)} y2={y(f * 100)} stroke="#e2e8f0" />
          <text x={PAD.left - 6} y={y(f * 100) + 4} textAnchor="end" fill="#475569">
            {f * 100} %
          </text>
        </g>
      ))}
      {ticks.map((f) => (
        <text key={`x${f}`} x={x(f * maxCost)} y={height - PAD.bottom + 16} textAnchor={f === 0 ? 'start' : f === 1 ? 'end' : 'middle'} fill="#475569">
          {money(Math.round(f * maxCost))}
        </text>
      ))}
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + plotH} stroke="#64748b" />
      <line x1={PAD.left} x2={CHART_W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#64748b" />
      <text x={PAD.left + plotW / 2} y={height - 6} textAnchor="middle" fill="#334155">
        {t('candidates.tco.axisCost')}
      </text>
      <text transform={`translate(14 ${PAD.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fill="#334155">
        {t('candidates.tco.axisScore')}
      </text>
      {placeLabels(rows.map((r, i) => ({ r, i, px: x(r.tco.totalMinor), py: y(r.score ?? 0) }))).map(({ r, i, px, py, ly }) => {
        const right = px > PAD.left + plotW * 0.7
        const lx = right ? px - 10 : px + 10
        return (
          <g key={r.candidateId}>
            <title>{`${r.product}: ${money(r.tco.totalMinor)}, ${(r.score ?? 0).toFixed(1)} %`}</title>
            <Marker shape={MARKERS[i % MARKERS.length]!} x={px} y={py} />
            {ly !== py ? <line x1={px} y1={py} x2={lx} y2={ly - 4} stroke="#94a3b8" strokeDasharray="2 2" /> : null}
            <text x={lx} y={ly - 8} textAnchor={right ? 'end' : 'start'} fill="#0f172a" fontWeight={600}>
              {r.product}
            </text>
            <text x={lx} y={ly + 16} textAnchor={right ? 'end' : 'start'} fill="#475569">
              {`${money(r.tco.totalMinor)} · ${(r.score ?? 0).toFixed(1)} %`}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** Before any scoring round has closed: total cost as labelled bars (hatched, value written on each). */
function CostBars({ rows, money, t }: { rows: Row[]; money: (m: number) => string; t: T }) {
  const bar = 22
  const gap = 12
  const labelW = 180
  const height = PAD.top + rows.length * (bar + gap)
  const maxCost = niceCeil(Math.max(...rows.map((r) => r.tco.totalMinor)))
  const plotW = CHART_W - labelW - 150
  const title = t('candidates.tco.barsTitle')
  return (
    <svg viewBox={`0 0 ${CHART_W} ${height}`} role="img" aria-label={title} className="w-full max-w-3xl font-sans text-[12px]">
      <title>{title}</title>
      <defs>
        <pattern id="tco-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#e2e8f0" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#475569" strokeWidth="2" />
        </pattern>
      </defs>
      {rows.map((r, i) => {
        const top = PAD.top / 2 + i * (bar + gap)
        const w = Math.max(1, (r.tco.totalMinor / maxCost) * plotW)
        return (
          <g key={r.candidateId}>
            <text x={labelW - 8} y={top + bar / 2 + 4} textAnchor="end" fill="#0f172a">
              {r.product}
            </text>
            <rect x={labelW} y={top} width={w} height={bar} fill="url(#tco-hatch)" stroke="#334155" />
            <text x={labelW + w + 6} y={top + bar / 2 + 4} fill="#0f172a" fontWeight={600}>
              {money(r.tco.totalMinor)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

function DecisionRecord({
  rows,
  decision,
  canManage,
  busy,
  errors,
}: {
  rows: Row[]
  decision: Awaited<ReturnType<typeof loader>>['decision']
  canManage: boolean
  busy: boolean
  errors: FieldErrors
}) {
  const { t, locale } = useI18n()
  const [chosen, setChosen] = useState(decision.chosenCandidateId ?? '')
  const reasons = new Map(decision.alternatives.map((a) => [a.candidateId, a.reason]))
  const name = new Map(rows.map((r) => [r.candidateId, `${r.product} (${r.vendor})`]))
  const signed = decision.signedOffAt !== null

  if (rows.length === 0) return null

  if (signed || !canManage) {
    const others = rows.filter((r) => r.candidateId !== decision.chosenCandidateId)
    return (
      <Panel
        title={t('candidates.decision.record')}
        actions={
          signed ? (
            <div className="flex items-center gap-2">
              <Badge tone="green">{t('candidates.decision.signedOff', { name: decision.signedOffBy ?? '—', time: formatDateTime(decision.signedOffAt!, locale) })}</Badge>
              {canManage ? (
                <Form method="post" className="no-print">
                  <input type="hidden" name="intent" value="reopen" />
                  <input type="hidden" name="version" value={decision.version} />
                  <Button type="submit" size="sm" disabled={busy}>
                    {t('candidates.decision.reopen')}
                  </Button>
                </Form>
              ) : null}
            </div>
          ) : (
            <Badge tone="amber">{t('candidates.decision.draft')}</Badge>
          )
        }
      >
        {decision.chosenCandidateId ? (
          <dl className="space-y-4 text-sm">
            <div>
              <dt className="text-slate-600">{t('candidates.decision.chosen')}</dt>
              <dd className="text-base font-semibold">{name.get(decision.chosenCandidateId) ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t('candidates.decision.rationale')}</dt>
              {/* Server-rendered from validated JSON by renderRichTextHtml, which escapes all text. */}
              <dd className={richTextContentClass} dangerouslySetInnerHTML={{ __html: decision.rationaleHtml ?? '' }} />
            </div>
            <div>
              <dt className="text-slate-600">{t('candidates.decision.alternatives')}</dt>
              <dd>
                <ul className="mt-1 space-y-2">
                  {others.map((r) => (
                    <li key={r.candidateId}>
                      <span className="font-medium">{name.get(r.candidateId)}</span>: {reasons.get(r.candidateId) || '—'}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">{t('candidates.decision.none')}</p>
        )}
      </Panel>
    )
  }

  return (
    <Panel title={t('candidates.decision.record')} actions={<Badge tone="amber">{t('candidates.decision.draft')}</Badge>}>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="save-decision" />
        <input type="hidden" name="version" value={decision.version} />
        <SelectField
          label={t('candidates.decision.chosen')}
          name="chosenCandidateId"
          value={chosen}
          onChange={(e) => setChosen(e.currentTarget.value)}
          options={[{ value: '', label: t('candidates.decision.notChosen') }, ...rows.map((r) => ({ value: r.candidateId, label: name.get(r.candidateId)! }))]}
          error={errors.chosenCandidateId}
        />
        <RichTextEditor name="rationale" label={t('candidates.decision.rationale')} defaultValue={decision.rationale} error={errors.rationale} />
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">{t('candidates.decision.alternatives')}</legend>
          <p className="text-xs text-slate-500">{t('candidates.decision.alternativesHint')}</p>
          {rows
            .filter((r) => r.candidateId !== chosen)
            .map((r) => (
              <TextAreaField
                key={r.candidateId}
                label={t('candidates.decision.reasonFor', { name: name.get(r.candidateId)! })}
                name={`reason.${r.candidateId}`}
                rows={2}
                maxLength={REASON_MAX}
                defaultValue={reasons.get(r.candidateId) ?? ''}
                error={errors[`reason.${r.candidateId}`]}
              />
            ))}
        </fieldset>
        <Button type="submit" variant="primary" disabled={busy}>
          {t('candidates.decision.save')}
        </Button>
      </Form>
      <Form method="post" className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
        <input type="hidden" name="intent" value="sign-off" />
        <input type="hidden" name="version" value={decision.version} />
        <Button type="submit" disabled={busy || decision.version === 0}>
          {t('candidates.decision.signOff')}
        </Button>
        <span className="text-sm text-slate-600">{t('candidates.decision.signOffHint')}</span>
      </Form>
    </Panel>
  )
}
