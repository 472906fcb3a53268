import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore, type MouseEvent } from 'react'
import { data, Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams, type ShouldRevalidateFunctionArgs } from 'react-router'
import type { Route } from './+types/scoring'
import { EvaluationTabs } from '~/components/evaluation-tabs'
import { ScaleLegend } from '~/components/scoring-charts'
import { Button } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { Pagination } from '~/components/ui/pagination'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { useI18n, useT, type T } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { SCALE, SCALE_KEYS } from '~/models/scale'
import {
  ScoringError,
  clearRequirementWeight,
  closeRound,
  openRound,
  reopenRound,
  saveEvaluationSettings,
  scoringMatrix,
  setConsensus,
  setRequirementWeight,
  submitScore,
  type MatrixCell,
} from '~/models/scoring.server'
import { ClearWeightSchema, ConsensusSchema, MatrixQuerySchema, RoundSchema, ScoreSchema, SettingsSchema, WeightSchema } from '~/schemas/scoring'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith } from '~/utils/validation'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

const REQUIREMENT_TYPES = ['functional', 'integration', 'reporting', 'data_migration', 'security', 'non_functional'] as const

// One page of requirements; while a round is open only the viewer's own scores (never anyone
// else's); weights need every evaluated requirement but only their id/priority/code/title.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership, user } = await requireProjectPermission(request, params.slug, 'score.submit')
  const url = new URL(request.url)
  const query = MatrixQuerySchema.parse(Object.fromEntries(url.searchParams))
  const archived = project.archivedAt !== null
  const [matrix, departments] = await Promise.all([
    scoringMatrix(db, project.id, user.id, { priority: query.priority, type: query.type, departmentId: query.department, page: query.page }),
    listDepartments(db, project.id),
  ])
  return {
    slug: project.slug,
    query,
    ...matrix,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    canManage: can(membership.role, 'round.manage', archived),
    canScore: can(membership.role, 'score.submit', archived) && matrix.evaluator,
    tabs: { scoring: true, results: can(membership.role, 'results.view'), decision: can(membership.role, 'decision.view') },
  }
}

function refusal(e: unknown, t: T) {
  if (e instanceof ScoringError) return t(`scoring.errors.${e.reason}`)
  throw e
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const { t } = await requestI18n(request)
  const viaFetcher = form.get('via') === 'fetcher'
  const back = String(form.get('back') ?? '')
  const backTo = (slug: string) => `/p/${slug}/scoring${back.startsWith('?') ? back : ''}`

  if (intent === 'score') {
    const { project, user, membership } = await requireProjectPermission(request, params.slug, 'score.submit')
    const key = `${String(form.get('requirementId'))}:${String(form.get('candidateId'))}`
    const parsed = parseWith(ScoreSchema, form, t)
    if (!parsed.ok) {
      const message = parsed.errors.value ? t('scoring.errors.value') : (Object.values(parsed.errors)[0] ?? t('errors.invalid'))
      return data({ key, error: message, ok: false as const }, { status: 400 })
    }
    let progress: number
    try {
      ;({ progress } = await submitScore(db, user.id, project.id, parsed.value, membership))
    } catch (e) {
      return data({ key, error: refusal(e, t), ok: false as const }, { status: 400 })
    }
    if (viaFetcher) return { key, ok: true as const, error: null, progress }
    return redirectWithToast(backTo(project.slug), { type: 'success', message: t('scoring.saved') })
  }

  const { project, user } = await requireProjectPermission(request, params.slug, 'round.manage')
  try {
    if (intent === 'open' || intent === 'close' || intent === 'reopen') {
      const { intent: which } = RoundSchema.parse({ intent })
      if (which === 'open') await openRound(db, user.id, project.id)
      else if (which === 'close') await closeRound(db, user.id, project.id)
      else await reopenRound(db, user.id, project.id)
      return redirectWithToast(backTo(project.slug), { type: 'success', message: t(`scoring.round.${which}Done`) })
    }
    if (intent === 'consensus') {
      const key = `${String(form.get('requirementId'))}:${String(form.get('candidateId'))}`
      const parsed = parseWith(ConsensusSchema, form, t)
      if (!parsed.ok) return data({ key, error: parsed.errors.value ? t('scoring.errors.value') : t('errors.invalid'), ok: false as const }, { status: 400 })
      await setConsensus(db, user.id, project.id, parsed.value)
      return redirectWithToast(backTo(project.slug), { type: 'success', message: t('scoring.consensus.saved') })
    }
    if (intent === 'weight') {
      const key = `weight:${String(form.get('requirementId'))}`
      const parsed = parseWith(WeightSchema, form, t)
      if (!parsed.ok) return data({ key, error: parsed.errors.reason ? t('scoring.errors.reasonRequired') : t('scoring.errors.weight'), ok: false as const }, { status: 400 })
      await setRequirementWeight(db, user.id, project.id, parsed.value)
      return redirectWithToast(backTo(project.slug), { type: 'success', message: t('scoring.weights.saved') })
    }
    if (intent === 'clearWeight') {
      const parsed = parseWith(ClearWeightSchema, form, t)
      if (!parsed.ok) return data({ key: 'form', error: t('errors.invalid'), ok: false as const }, { status: 400 })
      await clearRequirementWeight(db, user.id, project.id, parsed.value.requirementId)
      return redirectWithToast(backTo(project.slug), { type: 'success', message: t('scoring.weights.cleared') })
    }
    if (intent === 'settings') {
      const parsed = parseWith(SettingsSchema, form, t)
      if (!parsed.ok) return data({ key: 'settings', error: t('scoring.errors.settings'), ok: false as const }, { status: 400 })
      await saveEvaluationSettings(db, user.id, project.id, parsed.value)
      return redirectWithToast(backTo(project.slug), { type: 'success', message: t('scoring.settings.saved') })
    }
  } catch (e) {
    const key = intent === 'consensus' ? `${String(form.get('requirementId'))}:${String(form.get('candidateId'))}` : intent === 'weight' ? `weight:${String(form.get('requirementId'))}` : 'form'
    return data({ key, error: refusal(e, t), ok: false as const }, { status: 400 })
  }
  return data({ key: 'form', error: t('errors.invalid'), ok: false as const }, { status: 400 })
}

const selectClass = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'
const smallControl = 'rounded border border-slate-300 bg-white px-1 py-0.5 text-sm'

// Flagged cells carry a hatch and a ⚑ marker, not only a colour (readable in print and without colour vision).
const FLAGGED_PATTERN = { backgroundImage: 'repeating-linear-gradient(135deg, rgb(254 243 199) 0 6px, transparent 6px 12px)' }

const noSubscription = () => () => {}
/** False while server-rendered (and before hydration), true in the browser. */
function useHydrated() {
  return useSyncExternalStore(noSubscription, () => true, () => false)
}

function fmt(value: number, locale: string) {
  return value.toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: Number.isInteger(value) ? 0 : 1 })
}

// A saved cell shows its ✓ in place: reloading the whole matrix after every cell would make
// scoring slow for everyone at a busy session. Round and consensus changes still revalidate.
export function shouldRevalidate({ formData, actionResult, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (formData?.get('intent') === 'score' && actionResult && typeof actionResult === 'object' && 'ok' in actionResult && actionResult.ok) return false
  return defaultShouldRevalidate
}

export default function Scoring() {
  const { t, locale } = useI18n()
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const back = params.size ? `?${params}` : ''
  const round = d.round
  const open = round?.status === 'open'
  const closed = round?.status === 'closed'
  const confirmSubmit = (message: string) => (e: MouseEvent<HTMLButtonElement>) => {
    if (!window.confirm(message)) e.preventDefault()
  }
  const formError = result && !result.ok && (result.key === 'form' || result.key === 'settings') ? result.error : undefined
  // Cells save through fetchers without reloading the page (see shouldRevalidate); each save
  // answers with the evaluator's count, and the highest one seen in this round is shown.
  const [live, setLive] = useState<{ round: number; count: number } | null>(null)
  const roundNumber = round?.number ?? 0
  const reportProgress = useCallback(
    (count: number) => setLive((prev) => ({ round: roundNumber, count: Math.max(prev?.round === roundNumber ? prev.count : 0, count) })),
    [roundNumber],
  )

  return (
    <ProgressReport.Provider value={reportProgress}>
    <div className="space-y-6">
      <EvaluationTabs slug={d.slug} current="scoring" show={d.tabs} />
      <PageHeader title={t('scoring.title')} description={t('scoring.purpose')} />
      <FormError message={formError} />

      <Panel title={t('scoring.round.title')}>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-3 text-sm">
          {round ? (
            <p>
              <span className="font-medium">{t('scoring.round.number', { number: round.number })}</span>{' '}
              <Badge tone={open ? 'green' : 'slate'}>{t(`scoring.round.status.${round.status}`)}</Badge>{' '}
              <span className="text-slate-600">{open ? t('scoring.round.openHint') : t('scoring.round.closedHint')}</span>
            </p>
          ) : (
            <p className="text-slate-700">{t('scoring.round.none')}</p>
          )}
          {open && d.ownProgress !== null ? (
            <p className="text-slate-700" aria-live="polite">
              {t('scoring.round.progress', { done: Math.max(d.ownProgress, live?.round === round.number ? live.count : 0), total: d.cellsTotal })}
            </p>
          ) : null}
          {closed ? <p className="text-slate-700">{t('scoring.consensus.flaggedCount', { count: d.flaggedTotal, threshold: d.settings.spreadThreshold })}</p> : null}
          {d.canManage ? (
            <Form method="post" className="ml-auto flex gap-2">
              <input type="hidden" name="back" value={back} />
              {!open ? (
                <Button type="submit" name="intent" value="open" variant={round ? 'secondary' : 'primary'}>
                  {t('scoring.round.open', { number: (round?.number ?? 0) + 1 })}
                </Button>
              ) : null}
              {open ? (
                <Button type="submit" name="intent" value="close" variant="primary" onClick={confirmSubmit(t('scoring.round.closeConfirm'))}>
                  {t('scoring.round.close')}
                </Button>
              ) : null}
              {closed ? (
                <Button type="submit" name="intent" value="reopen" variant="danger" onClick={confirmSubmit(t('scoring.round.reopenConfirm'))}>
                  {t('scoring.round.reopen')}
                </Button>
              ) : null}
            </Form>
          ) : null}
        </div>
        {!d.evaluator ? <p className="mt-3 text-sm text-amber-900">{t('scoring.notEvaluator')}</p> : null}
        {d.canManage ? <SettingsForm settings={d.settings} back={back} /> : null}
      </Panel>

      <ScaleLegend />

      <Panel>
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-4" role="search" aria-label={t('scoring.filters.legend')}>
          <FilterSelect name="priority" label={t('scoring.filters.priority')} value={d.query.priority} options={(['must', 'should', 'could'] as const).map((v) => ({ value: v, label: t(`requirements.prioritiesShort.${v}`) }))} />
          <FilterSelect name="type" label={t('scoring.filters.type')} value={d.query.type} options={REQUIREMENT_TYPES.map((v) => ({ value: v, label: t(`requirements.types.${v}`) }))} />
          <FilterSelect name="department" label={t('scoring.filters.department')} value={d.query.department} options={d.departments.map((x) => ({ value: x.id, label: x.name }))} />
          <div className="flex gap-2">
            <Button type="submit">{t('scoring.filters.apply')}</Button>
            {params.size ? (
              <Link to="." className="self-center text-sm">
                {t('scoring.filters.reset')}
              </Link>
            ) : null}
          </div>
        </Form>
      </Panel>

      {d.candidates.length === 0 ? (
        <EmptyState title={t('scoring.noCandidates')}>
          <Link to={`/p/${d.slug}/candidates`}>{t('scoring.toCandidates')}</Link>
        </EmptyState>
      ) : d.rows.length === 0 ? (
        <EmptyState title={t('scoring.noRequirements')} />
      ) : (
        <Panel>
          <p className="mb-3 text-sm text-slate-600">
            {t('scoring.matrixCount', { count: d.total })} {closed ? t('scoring.consensus.hint') : open ? t('scoring.ownOnly') : t('scoring.noRoundHint')}
          </p>
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">{t('scoring.matrixCaption')}</caption>
              <thead className="text-left text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t('scoring.requirement')}
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    {t('scoring.weight')}
                  </th>
                  {d.candidates.map((c) => (
                    <th key={c.id} scope="col" className="min-w-40 px-2 py-2 font-medium">
                      {c.product}
                      <span className="block text-xs font-normal text-slate-500">{c.vendor}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.id} className="border-t border-slate-200 align-top">
                    <th scope="row" className="max-w-sm py-2 pr-3 text-left font-normal">
                      <Link to={`/p/${d.slug}/requirements/${r.code}`} className="font-mono text-xs">
                        {r.code}
                      </Link>{' '}
                      {r.priority === 'must' ? <Badge tone="blue">{t('requirements.mainTask')}</Badge> : <Badge>{t(`requirements.prioritiesShort.${r.priority}`)}</Badge>}
                      <span className="mt-0.5 block text-slate-900">{r.title}</span>
                    </th>
                    <td className="py-2 pr-3 text-right whitespace-nowrap tabular-nums">
                      {fmt(r.weight * 100, locale)} %
                      {r.override ? (
                        <span className="block text-xs text-amber-900" title={r.override.reason}>
                          {t('scoring.weights.overridden')}
                        </span>
                      ) : null}
                      {d.canManage ? <WeightEditor row={r} back={back} result={result} /> : null}
                    </td>
                    {d.candidates.map((c) => {
                      const key = `${r.id}:${c.id}`
                      const cell = d.cells[key] as MatrixCell | undefined
                      const label = t('scoring.cellLabel', { code: r.code, candidate: c.product })
                      return (
                        <td key={c.id} className="border-l border-slate-100 px-2 py-2">
                          {open && d.canScore ? (
                            <ScoreCell requirementId={r.id} candidateId={c.id} label={label} cell={cell?.kind === 'own' ? cell : undefined} back={back} />
                          ) : closed && cell?.kind === 'consensus' ? (
                            <ConsensusCell requirementId={r.id} candidateId={c.id} label={label} cell={cell} canManage={d.canManage} back={back} error={result && !result.ok && result.key === key ? result.error : undefined} />
                          ) : (
                            <span className="text-slate-400" aria-label={t('scoring.notScored')}>
                              —
                            </span>
                          )}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={d.page} pages={d.pages} />
        </Panel>
      )}
    </div>
    </ProgressReport.Provider>
  )
}

/** How a cell tells the page that the evaluator's count of scored cells changed. */
const ProgressReport = createContext<(count: number) => void>(() => {})

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  const t = useT()
  return (
    <label className="space-y-1 text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <select name={name} defaultValue={value ?? ''} className={selectClass}>
        <option value="">{t('scoring.filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** One evaluator's cell: a small form of its own, saved through a fetcher (or a plain post without JS). */
function ScoreCell({
  requirementId,
  candidateId,
  label,
  cell,
  back,
}: {
  requirementId: string
  candidateId: string
  label: string
  cell: { value: number; comment: string; basis: string | null } | undefined
  back: string
}) {
  const t = useT()
  const fetcher = useFetcher<typeof action>()
  const hydrated = useHydrated()
  const busy = fetcher.state !== 'idle'
  const outcome = fetcher.data
  const reportProgress = useContext(ProgressReport)
  useEffect(() => {
    if (outcome?.ok && 'progress' in outcome && typeof outcome.progress === 'number') reportProgress(outcome.progress)
  }, [outcome, reportProgress])
  const saved = outcome?.ok === true
  const error = outcome && !outcome.ok ? outcome.error : undefined
  const [value, setValue] = useState(cell ? String(cell.value) : '')
  return (
    <fetcher.Form method="post" className="space-y-1" aria-label={label}>
      <input type="hidden" name="intent" value="score" />
      <input type="hidden" name="requirementId" value={requirementId} />
      <input type="hidden" name="candidateId" value={candidateId} />
      <input type="hidden" name="back" value={back} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <div className="flex items-center gap-1">
        <select
          name="value"
          aria-label={label}
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setValue(e.currentTarget.value)
            if (hydrated && e.currentTarget.value !== '') fetcher.submit(e.currentTarget.form)
          }}
          className={`${smallControl} ${value === '' ? 'text-slate-500' : ''}`}
        >
          <option value="">{t('scoring.choose')}</option>
          {SCALE.map((v) => (
            <option key={v} value={v}>
              {v} · {t(`scoring.scale.${SCALE_KEYS[v]}.label`)}
            </option>
          ))}
        </select>
        <span aria-live="polite" className="text-xs">
          {busy ? <span className="text-slate-500">…</span> : saved ? <span className="text-emerald-800">✓<span className="sr-only">{t('scoring.saved')}</span></span> : null}
        </span>
      </div>
      <details className="text-xs" open={!!error}>
        <summary className="cursor-pointer text-slate-600">
          {cell?.comment ? t('scoring.commentEdit') : t('scoring.commentAdd')}
          {cell?.basis ? ` · ${t(`scoring.basis.${cell.basis}`)}` : ''}
        </summary>
        <div className="mt-1 space-y-1">
          <label className="block">
            <span className="sr-only">{t('scoring.comment')}</span>
            <textarea name="comment" rows={2} maxLength={2000} defaultValue={cell?.comment ?? ''} placeholder={t('scoring.comment')} className={`${smallControl} w-full`} />
          </label>
          <label className="block">
            <span className="text-slate-600">{t('scoring.basisLabel')}</span>{' '}
            <select name="basis" defaultValue={cell?.basis ?? ''} className={smallControl}>
              <option value="">—</option>
              {(['demo', 'claim', 'docs'] as const).map((b) => (
                <option key={b} value={b}>
                  {t(`scoring.basis.${b}`)}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" size="sm" disabled={busy}>
            {t('scoring.saveCell')}
          </Button>
        </div>
      </details>
      {!hydrated ? (
        <Button type="submit" size="sm">
          {t('scoring.saveCell')}
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </fetcher.Form>
  )
}

/** The consensus of a closed round's cell; the lead may change it, with a comment when away from the mean. */
function ConsensusCell({
  requirementId,
  candidateId,
  label,
  cell,
  canManage,
  back,
  error,
}: {
  requirementId: string
  candidateId: string
  label: string
  cell: Extract<MatrixCell, { kind: 'consensus' }>
  canManage: boolean
  back: string
  error: string | undefined
}) {
  const { t, locale } = useI18n()
  const effective = cell.value ?? cell.mean
  return (
    <div className={`rounded px-1.5 py-1 ${cell.flagged ? 'border border-amber-500' : ''}`} style={cell.flagged ? FLAGGED_PATTERN : undefined}>
      <p className="flex flex-wrap items-baseline gap-x-1.5">
        <span className="text-base font-semibold tabular-nums">{fmt(effective, locale)}</span>
        {cell.flagged ? (
          <span className="text-xs font-semibold text-amber-900" title={t('scoring.consensus.flaggedTitle')}>
            ⚑ {t('scoring.consensus.flagged')}
          </span>
        ) : null}
      </p>
      <p className="text-xs text-slate-600 tabular-nums">
        {cell.value !== null ? `${t('scoring.consensus.meanWas', { mean: fmt(cell.mean, locale) })} · ` : `${t('scoring.consensus.mean')} · `}
        {t('scoring.consensus.spread', { spread: cell.spread })} · {t('scoring.consensus.evaluators', { count: cell.evaluators })}
      </p>
      {cell.value !== null && cell.comment ? <p className="mt-0.5 text-xs text-slate-800 italic">“{cell.comment}”</p> : null}
      {canManage ? (
        <details className="mt-1 text-xs" open={!!error}>
          <summary className="cursor-pointer text-slate-600">{t('scoring.consensus.change')}</summary>
          <Form method="post" className="mt-1 space-y-1" aria-label={label}>
            <input type="hidden" name="intent" value="consensus" />
            <input type="hidden" name="requirementId" value={requirementId} />
            <input type="hidden" name="candidateId" value={candidateId} />
            <input type="hidden" name="back" value={back} />
            <label className="block">
              <span className="text-slate-600">{t('scoring.consensus.value')}</span>{' '}
              <input type="number" name="value" min={0} max={3} step={0.1} defaultValue={Math.round(effective * 10) / 10} className={`${smallControl} w-16`} aria-invalid={error ? true : undefined} />
            </label>
            <label className="block">
              <span className="sr-only">{t('scoring.consensus.comment')}</span>
              <textarea name="comment" rows={2} maxLength={2000} defaultValue={cell.comment} placeholder={t('scoring.consensus.comment')} className={`${smallControl} w-full`} />
            </label>
            <p className="text-slate-500">{t('scoring.consensus.commentHint', { mean: fmt(cell.mean, locale) })}</p>
            <Button type="submit" size="sm">
              {t('common.save')}
            </Button>
            {error ? (
              <p role="alert" className="text-red-700">
                {error}
              </p>
            ) : null}
          </Form>
        </details>
      ) : null}
    </div>
  )
}

function WeightEditor({
  row,
  back,
  result,
}: {
  row: { id: string; raw: number; override: { weight: number; reason: string } | null }
  back: string
  result: { key: string; ok: boolean; error: string | null } | undefined
}) {
  const { t, locale } = useI18n()
  const error = result && !result.ok && result.key === `weight:${row.id}` ? (result.error ?? undefined) : undefined
  return (
    <details className="mt-1 text-left text-xs" open={!!error}>
      <summary className="cursor-pointer text-slate-600">{t('scoring.weights.edit')}</summary>
      <Form method="post" className="mt-1 w-48 space-y-1">
        <input type="hidden" name="intent" value="weight" />
        <input type="hidden" name="requirementId" value={row.id} />
        <input type="hidden" name="back" value={back} />
        <p className="text-slate-500">{t('scoring.weights.rawHint', { raw: fmt(row.raw, locale) })}</p>
        <label className="block">
          <span className="text-slate-600">{t('scoring.weights.raw')}</span>{' '}
          <input type="number" name="weight" min={0} max={100} step={0.1} defaultValue={row.override?.weight ?? Math.round(row.raw * 100) / 100} className={`${smallControl} w-16`} />
        </label>
        <label className="block">
          <span className="sr-only">{t('scoring.weights.reason')}</span>
          <textarea name="reason" rows={2} maxLength={1000} defaultValue={row.override?.reason ?? ''} placeholder={t('scoring.weights.reason')} className={`${smallControl} w-full`} aria-invalid={error ? true : undefined} />
        </label>
        <div className="flex gap-1">
          <Button type="submit" size="sm">
            {t('common.save')}
          </Button>
          {row.override ? (
            <Button type="submit" size="sm" variant="ghost" name="intent" value="clearWeight">
              {t('scoring.weights.clear')}
            </Button>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        ) : null}
      </Form>
    </details>
  )
}

function SettingsForm({ settings, back }: { settings: { must: number; should: number; could: number; spreadThreshold: number }; back: string }) {
  const t = useT()
  const num = (name: string, label: string, value: number) => (
    <label className="text-sm">
      <span className="block text-slate-700">{label}</span>
      <input type="number" name={name} min={0} max={100} step={0.5} defaultValue={value} className={`${selectClass} w-24`} />
    </label>
  )
  return (
    <details className="mt-4 border-t border-slate-200 pt-3">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">{t('scoring.settings.title')}</summary>
      <Form method="post" className="mt-3 flex flex-wrap items-end gap-4">
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="back" value={back} />
        {num('mustWeight', t('scoring.settings.must'), settings.must)}
        {num('shouldWeight', t('scoring.settings.should'), settings.should)}
        {num('couldWeight', t('scoring.settings.could'), settings.could)}
        <label className="text-sm">
          <span className="block text-slate-700">{t('scoring.settings.spread')}</span>
          <select name="spreadThreshold" defaultValue={settings.spreadThreshold} className={`${selectClass} w-24`}>
            {[1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">{t('common.save')}</Button>
        <p className="w-full text-xs text-slate-500">{t('scoring.settings.hint')}</p>
      </Form>
    </details>
  )
}
