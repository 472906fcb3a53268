import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/improvement'
import { FeasibilityBadge, ImprovementStatusBadge } from '~/components/improvement-badges'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { formatDate, formatDateTime, useI18n, type Locale, type T } from '~/i18n'
import { itemCostMinor, STAGES } from '~/models/improvement-math'
import { getImprovement, ImprovementError, submitEstimate, transitionImprovement, transitionsFrom, updateImprovement, type Viewer } from '~/models/improvement.server'
import {
  ESTIMATE_FORM_FIELD,
  estimateFromText,
  FEASIBILITIES,
  ImprovementActionSchema,
  type EstimateProblem,
} from '~/schemas/improvement'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { formatHours, formatMoney } from '~/utils/money'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

function viewerOf(membership: { role: string; candidateId: string | null }): Viewer {
  return membership.role === 'vendor' ? { kind: 'vendor', candidateId: membership.candidateId } : { kind: 'team' }
}

/** One item as the viewer may see it: a vendor gets its own candidate's sent items only, else 404. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'improvement.view')
  const { t } = await requestI18n(request)
  const item = await getImprovement(db, project.id, params.code.toUpperCase(), viewerOf(membership))
  if (!item) throw data({ message: t('improvements.notFound') }, { status: 404 })
  const archived = project.archivedAt !== null
  const canManage = can(membership.role, 'improvement.manage', archived)
  return {
    item,
    isVendor: membership.role === 'vendor',
    canManage,
    canEstimate: can(membership.role, 'improvement.estimate', archived) && item.status === 'sent',
    transitions: canManage ? transitionsFrom(item.status) : [],
    currency: project.currency,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const needed = intent === 'estimate' ? 'improvement.estimate' : 'improvement.manage'
  const { project, user, membership } = await requireProjectPermission(request, params.slug, needed)
  const { t, locale } = await requestI18n(request)
  const code = params.code.toUpperCase()
  const here = `/p/${project.slug}/improvements/${code}`
  const fail = (errors: FieldErrors, formError: string | null, status = 400) => data({ intent, errors, formError }, { status })
  const parsed = parseWith(ImprovementActionSchema, form, t)
  if (!parsed.ok) return fail(parsed.errors, t('errors.checkFields'))
  const input = parsed.value
  const notFound = () => data({ message: t('improvements.notFound') }, { status: 404 })
  try {
    switch (input.intent) {
      case 'edit': {
        const { intent: _, version, ...fields } = input
        if (!(await updateImprovement(db, user.id, project.id, code, version, fields))) throw notFound()
        return redirectWithToast(here, { type: 'success', message: t('improvements.saved') })
      }
      case 'transition': {
        const done = await transitionImprovement(db, user.id, project.id, code, input.version, input.transition, input.comment)
        if (!done) throw notFound()
        return redirectWithToast(here, { type: 'success', message: t('improvements.transitioned', { status: t(`improvements.status.${done.status}`) }) })
      }
      case 'estimate': {
        const figures = estimateFromText(input)
        if (!figures.ok) return fail({ [ESTIMATE_FORM_FIELD[figures.problem.field]]: problemMessage(figures.problem, t, locale, project.currency) }, null)
        // The candidate comes from the membership, never from the form: another candidate's item is "not found".
        const done = await submitEstimate(db, user.id, project.id, membership.candidateId, code, input.version, {
          ...figures.value,
          feasibility: input.feasibility,
          vendorComment: input.vendorComment,
        })
        if (!done) throw notFound()
        return redirectWithToast(here, { type: 'success', message: t('improvements.estimateSaved') })
      }
    }
  } catch (error) {
    if (!(error instanceof ImprovementError)) throw error
    switch (error.reason) {
      case 'estimate':
        return fail(
          { [ESTIMATE_FORM_FIELD[error.field as EstimateProblem['field']]]: problemMessage({ field: error.field as EstimateProblem['field'], reason: (error.detail?.problem ?? 'range') as EstimateProblem['reason'], max: error.detail?.max }, t, locale, project.currency) },
          null,
        )
      case 'requirement':
        return fail({ requirementCodes: t('improvements.errors.requirement', { codes: (error.detail?.codes ?? []).join(', ') }) }, null)
      case 'comment':
        return fail({ comment: t('improvements.errors.comment') }, null)
      case 'status':
        return fail({}, t('improvements.errors.status', { status: t(`improvements.status.${error.detail?.status ?? ''}`) }), 409)
      case 'stale':
        return fail({}, t('improvements.errors.stale'), 409)
      default:
        return fail({}, t('errors.invalid'))
    }
  }
}

const FIELD_LABEL: Record<EstimateProblem['field'], string> = {
  hoursCenti: 'improvements.fields.hours',
  hourlyRateMinor: 'improvements.fields.hourlyRate',
  fixedPriceMinor: 'improvements.fields.fixedPrice',
  durationDays: 'improvements.fields.durationDays',
  earliestStart: 'improvements.fields.earliestStart',
}

/** "Hours must be between 0 and 100,000." — naming the field, in the user's language and units. */
function problemMessage(problem: EstimateProblem, t: T, locale: Locale, currency: string): string {
  const field = t(FIELD_LABEL[problem.field], { currency })
  const max =
    problem.max === undefined
      ? ''
      : problem.field === 'hoursCenti'
        ? formatHours(problem.max, locale)
        : problem.field === 'durationDays'
          ? String(problem.max)
          : formatMoney(problem.max, currency, locale)
  return t(`improvements.errors.${problem.reason}`, { field, max })
}

export default function ImprovementPage() {
  const { t, locale } = useI18n()
  const { item, isVendor, canManage, canEstimate, transitions, currency } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = result?.errors ?? {}
  const money = (minor: number) => formatMoney(minor, currency, locale)
  const hasEstimate = item.hoursCenti != null || item.fixedPriceMinor != null || item.durationDays != null
  const plain = (minor: number | null) => (minor == null ? '' : (minor / 100).toFixed(2))

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to=".." relative="path" className="text-accent-700 hover:underline">
          ← {t('improvements.back')}
        </Link>
      </p>
      <PageHeader
        title={
          <span>
            <span className="font-mono text-slate-500">{item.code}</span> {item.title}
          </span>
        }
        description={`${item.candidate.vendor} — ${item.candidate.product}`}
      />
      {result?.formError ? <FormError message={result.formError} /> : null}

      <div className="flex flex-wrap items-center gap-2">
        <ImprovementStatusBadge status={item.status} vendor={isVendor} />
        <FeasibilityBadge feasibility={item.feasibility} />
        <Badge>{t(`improvements.stage.${item.stage}`)}</Badge>
        <Badge tone={item.mustBeforeGoLive ? 'blue' : 'slate'}>{item.mustBeforeGoLive ? t('improvements.mustBeforeGoLive') : t('improvements.canWait')}</Badge>
        {item.sequential ? <Badge>{t('improvements.sequentialShort')}</Badge> : null}
        {!isVendor ? <span className="text-xs text-slate-500">{t(`improvements.origin.${item.origin}`)}</span> : null}
      </div>
      {item.feasibility === 'architecture' ? (
        <p role="note" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          ⚠ {t('improvements.architectureWarning')}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title={t('improvements.fields.description')}>
          <p className="text-sm whitespace-pre-line">{item.description || '—'}</p>
          <h3 className="mt-4 text-sm font-semibold text-slate-700">{t('improvements.fields.requirements')}</h3>
          {item.requirements.length === 0 ? (
            <p className="text-sm text-slate-500">{t('improvements.noRequirements')}</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm">
              {item.requirements.map((r) => (
                <li key={r.code}>
                  <Link to={`../../requirements/${r.code}`} relative="path" className="font-mono text-accent-700 hover:underline">
                    {r.code}
                  </Link>{' '}
                  {r.title} <Badge>{t(`requirements.prioritiesShort.${r.priority}`)}</Badge>
                  {r.deletedAt ? <span className="text-xs text-slate-500"> ({t('improvements.deleted')})</span> : null}
                </li>
              ))}
            </ul>
          )}
          {item.leadComment ? (
            <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
              <p className="font-medium text-amber-900">{t('improvements.fields.leadComment')}</p>
              <p className="whitespace-pre-line">{item.leadComment}</p>
            </div>
          ) : null}
        </Panel>

        <Panel title={t('improvements.estimate')}>
          {hasEstimate ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">{t('improvements.fields.hours')}</dt>
              <dd className="tabular-nums">{item.hoursCenti != null ? formatHours(item.hoursCenti, locale) : '—'}</dd>
              <dt className="text-slate-600">{t('improvements.fields.hourlyRate', { currency })}</dt>
              <dd className="tabular-nums">{item.hourlyRateMinor != null ? money(item.hourlyRateMinor) : '—'}</dd>
              <dt className="text-slate-600">{t('improvements.fields.fixedPrice', { currency })}</dt>
              <dd className="tabular-nums">{item.fixedPriceMinor != null ? money(item.fixedPriceMinor) : '—'}</dd>
              <dt className="font-medium text-slate-700">{t('improvements.fields.cost')}</dt>
              <dd className="font-semibold tabular-nums">{money(itemCostMinor(item))}</dd>
              <dt className="text-slate-600">{t('improvements.fields.durationDays')}</dt>
              <dd className="tabular-nums">{item.durationDays != null ? t('improvements.totals.days', { count: item.durationDays }) : '—'}</dd>
              <dt className="text-slate-600">{t('improvements.fields.earliestStart')}</dt>
              <dd>{item.earliestStart ? formatDate(item.earliestStart, locale) : '—'}</dd>
              {item.vendorComment ? (
                <>
                  <dt className="text-slate-600">{t('improvements.fields.vendorComment')}</dt>
                  <dd className="whitespace-pre-line">{item.vendorComment}</dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="text-sm text-slate-500">{t('improvements.noEstimate')}</p>
          )}
        </Panel>
      </div>

      {canEstimate ? (
        <Panel title={t('improvements.yourEstimate')}>
          <Form method="post" className="grid gap-3 sm:grid-cols-3" noValidate>
            <input type="hidden" name="intent" value="estimate" />
            <input type="hidden" name="version" value={item.version} />
            <TextField label={t('improvements.fields.hours')} name="hours" inputMode="decimal" defaultValue={item.hoursCenti != null ? String(item.hoursCenti / 100) : ''} error={errors.hours} />
            <TextField label={t('improvements.fields.hourlyRate', { currency })} name="hourlyRate" inputMode="decimal" defaultValue={plain(item.hourlyRateMinor)} error={errors.hourlyRate} />
            <TextField label={t('improvements.fields.fixedPrice', { currency })} name="fixedPrice" inputMode="decimal" defaultValue={plain(item.fixedPriceMinor)} error={errors.fixedPrice} />
            <TextField label={t('improvements.fields.durationDays')} name="durationDays" inputMode="numeric" defaultValue={item.durationDays ?? ''} error={errors.durationDays} />
            <TextField label={t('improvements.fields.earliestStart')} name="earliestStart" type="date" defaultValue={item.earliestStart ? new Date(item.earliestStart).toISOString().slice(0, 10) : ''} error={errors.earliestStart} />
            <SelectField
              label={t('improvements.feasibility.label')}
              name="feasibility"
              defaultValue={item.feasibility}
              options={FEASIBILITIES.map((f) => ({ value: f, label: t(`improvements.feasibility.${f}`) }))}
              error={errors.feasibility}
            />
            <div className="sm:col-span-3">
              <TextAreaField label={t('improvements.fields.vendorComment')} name="vendorComment" defaultValue={item.vendorComment} maxLength={4000} error={errors.vendorComment} />
            </div>
            <div>
              <Button type="submit" variant="primary" disabled={busy}>
                {t('improvements.submitEstimate')}
              </Button>
            </div>
          </Form>
        </Panel>
      ) : null}

      {canManage && transitions.length > 0 ? (
        <Panel title={t('improvements.actionsTitle')}>
          <div className="flex flex-wrap items-end gap-3">
            {transitions
              .filter((tr) => tr !== 'send-back')
              .map((tr) => (
                <Form method="post" key={tr}>
                  <input type="hidden" name="intent" value="transition" />
                  <input type="hidden" name="version" value={item.version} />
                  <input type="hidden" name="transition" value={tr} />
                  <Button type="submit" variant={tr === 'agree' || tr === 'send' || tr === 'accept' ? 'primary' : tr === 'reject' || tr === 'dismiss' ? 'danger' : 'secondary'} disabled={busy}>
                    {t(`improvements.transition.${tr}`)}
                  </Button>
                </Form>
              ))}
          </div>
          {transitions.includes('send-back') ? (
            <Form method="post" className="mt-4 grid max-w-xl gap-2">
              <input type="hidden" name="intent" value="transition" />
              <input type="hidden" name="version" value={item.version} />
              <input type="hidden" name="transition" value="send-back" />
              <TextAreaField label={t('improvements.sendBackComment')} name="comment" maxLength={2000} error={errors.comment} />
              <div>
                <Button type="submit" disabled={busy}>
                  {t('improvements.transition.send-back')}
                </Button>
              </div>
            </Form>
          ) : null}
        </Panel>
      ) : null}

      {canManage && item.status !== 'agreed' ? (
        <Panel title={t('improvements.edit')}>
          <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={item.version} />
            <TextField label={t('improvements.fields.title')} name="title" defaultValue={item.title} required maxLength={200} error={errors.title} />
            <TextField
              label={t('improvements.fields.requirementCodes')}
              name="requirementCodes"
              defaultValue={item.requirements.map((r) => r.code).join(', ')}
              hint={t('improvements.fields.requirementCodesHint')}
              error={errors.requirementCodes}
            />
            <div className="sm:col-span-2">
              <TextAreaField label={t('improvements.fields.description')} name="description" defaultValue={item.description} maxLength={4000} error={errors.description} />
            </div>
            <SelectField
              label={t('improvements.feasibility.label')}
              name="feasibility"
              defaultValue={item.feasibility}
              options={FEASIBILITIES.map((f) => ({ value: f, label: t(`improvements.feasibility.${f}`) }))}
            />
            <SelectField label={t('improvements.stage.label')} name="stage" defaultValue={item.stage} options={STAGES.map((s) => ({ value: s, label: t(`improvements.stage.${s}`) }))} />
            <div className="space-y-2 text-sm sm:col-span-2">
              <label className="flex items-center gap-2">
                <input type="checkbox" name="mustBeforeGoLive" defaultChecked={item.mustBeforeGoLive} /> {t('improvements.mustBeforeGoLive')}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="sequential" defaultChecked={item.sequential} /> {t('improvements.sequential')}
              </label>
            </div>
            <div>
              <Button type="submit" variant="primary" disabled={busy}>
                {t('common.save')}
              </Button>
            </div>
          </Form>
        </Panel>
      ) : null}

      <Panel title={t('improvements.history')}>
        {item.history.length === 0 ? (
          <p className="text-sm text-slate-500">{t('improvements.historyEmpty')}</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {item.history.map((h) => (
              <li key={h.seq} className="flex flex-wrap gap-x-2">
                <span className="text-slate-500 tabular-nums">{formatDateTime(h.createdAt, locale)}</span>
                <span className="font-medium">{h.actorName ?? '—'}</span>
                <span>{t(`improvements.action.${h.action.replace(/^improvement\./, '')}`)}</span>
                {h.to && h.from !== h.to ? <span className="text-slate-600">→ {t(`improvements.status.${h.to}`)}</span> : null}
                {h.comment ? <span className="w-full pl-4 text-slate-600 italic">“{h.comment}”</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Panel>
    </div>
  )
}
