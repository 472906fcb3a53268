import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/candidates'
import { CandidateForm, licenceLabel } from '~/components/candidate-form'
import { EvaluationTabs, evaluationTabsShow } from '~/components/evaluation-tabs'
import { Button } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { useI18n } from '~/i18n'
import { createCandidate, listCandidates, moveCandidate } from '~/models/candidate.server'
import { CANDIDATE_LIMIT, CandidateFieldsSchema, CandidatesActionSchema, parseCandidateForm } from '~/schemas/candidate'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { formatMoney } from '~/utils/money'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors, type FormValues } from '~/utils/validation'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

// The candidates a viewer may see (a vendor: only its own) with their key figures.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'candidate.view')
  const { t } = await requestI18n(request)
  const candidates = await listCandidates(db, project.id, { role: membership.role, candidateId: membership.candidateId })
  return {
    pageTitle: membership.role === 'vendor' ? t('candidates.vendorTitle') : t('candidates.title'),
    slug: project.slug,
    currency: project.currency,
    candidates,
    isVendor: membership.role === 'vendor',
    canManage: can(membership.role, 'candidate.manage', project.archivedAt !== null),
    tabs: evaluationTabsShow(membership.role),
  }
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues | null; formError: string | null }

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'candidate.manage')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const back = `/p/${project.slug}/candidates`
  const fail = (result: Partial<ActionResult>, status = 400) => data<ActionResult>({ intent, errors: {}, values: null, formError: null, ...result }, { status })

  if (intent === 'create') {
    const parsed = parseCandidateForm(CandidateFieldsSchema, form, t)
    if (!parsed.ok) return fail({ errors: parsed.errors, values: parsed.values, formError: t('errors.checkFields') })
    const created = await createCandidate(db, user.id, project.id, parsed.value)
    if (!created.ok) return fail({ values: Object.fromEntries(form.entries()) as FormValues, formError: t('candidates.limitReached', { max: CANDIDATE_LIMIT }) }, 409)
    return redirectWithToast(`${back}/${created.id}`, { type: 'success', message: t('candidates.created', { name: parsed.value.product }) })
  }

  const parsed = parseWith(CandidatesActionSchema, form, t)
  if (!parsed.ok) return fail({ formError: t('errors.invalid') })
  const moved = await moveCandidate(db, user.id, project.id, parsed.value.candidateId, parsed.value.direction)
  if (!moved.ok) return fail({ formError: t('errors.notFoundItem') }, 404)
  return redirectWithToast(back, { type: 'success', message: t('candidates.moved') })
}

export default function Candidates() {
  const { t, locale } = useI18n()
  const { slug, currency, candidates, isVendor, canManage, tabs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const money = (minor: number) => formatMoney(minor, currency, locale)
  const full = candidates.length >= CANDIDATE_LIMIT

  return (
    <div className="space-y-6">
      <EvaluationTabs slug={slug} current="candidates" show={tabs} />
      <PageHeader title={isVendor ? t('candidates.vendorTitle') : t('candidates.title')} description={isVendor ? t('candidates.vendorPurpose') : t('candidates.purpose')} />
      {result?.formError && result.intent !== 'create' ? <FormError message={result.formError} /> : null}

      {candidates.length === 0 ? (
        <EmptyState title={isVendor ? t('candidates.vendorEmpty') : t('candidates.empty')}>
          {isVendor ? t('candidates.vendorEmptyHint') : canManage ? t('candidates.emptyHint') : null}
        </EmptyState>
      ) : (
        <Panel title={isVendor ? t('candidates.yourSystem') : t('candidates.count', { count: candidates.length, max: CANDIDATE_LIMIT })}>
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                columns={[
                  t('candidates.col.product'),
                  t('candidates.field.hosting'),
                  t('candidates.col.licence'),
                  t('candidates.field.users'),
                  t('candidates.col.implementation'),
                  t('candidates.col.support'),
                  t('candidates.col.representatives'),
                  ...(canManage ? [<span key="order" className="sr-only">{t('candidates.order')}</span>] : []),
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {candidates.map((c, i) => (
                  <tr key={c.id} className="align-top">
                    <td className="py-2 pr-3">
                      <Link to={`/p/${slug}/candidates/${c.id}`} className="font-medium text-accent-700 hover:underline">
                        {c.product}
                      </Link>
                      <div className="text-slate-600">
                        {c.vendor}
                        {c.edition || c.productVersion ? ` · ${[c.edition, c.productVersion].filter(Boolean).join(' ')}` : ''}
                      </div>
                    </td>
                    <td className="py-2 pr-3">{t(`candidates.hosting.${c.hosting}`)}</td>
                    <td className="py-2 pr-3 tabular-nums">{licenceLabel(c, currency, locale, t)}</td>
                    <td className="py-2 pr-3 tabular-nums">{c.users}</td>
                    <td className="py-2 pr-3 tabular-nums">{money(c.implementationCostMinor)}</td>
                    <td className="py-2 pr-3 tabular-nums">{t('candidates.perYear', { price: money(c.annualSupportCostMinor) })}</td>
                    <td className="py-2 pr-3">{c.representatives.length > 0 ? c.representatives.join(', ') : <span className="text-slate-500">{t('candidates.noRepresentative')}</span>}</td>
                    {canManage ? (
                      <td className="whitespace-nowrap py-2">
                        <Form method="post" className="inline-flex gap-1">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="candidateId" value={c.id} />
                          <Button type="submit" size="sm" variant="ghost" name="direction" value="up" disabled={i === 0 || busy} aria-label={t('candidates.moveUp', { name: c.product })}>
                            ↑
                          </Button>
                          <Button
                            type="submit"
                            size="sm"
                            variant="ghost"
                            name="direction"
                            value="down"
                            disabled={i === candidates.length - 1 || busy}
                            aria-label={t('candidates.moveDown', { name: c.product })}
                          >
                            ↓
                          </Button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}

      {canManage ? (
        <Panel title={t('candidates.add')}>
          {full ? (
            <p className="text-sm text-slate-600">{t('candidates.limitReached', { max: CANDIDATE_LIMIT })}</p>
          ) : (
            <>
              {result?.intent === 'create' && result.formError ? (
                <div className="mb-4">
                  <FormError message={result.formError} />
                </div>
              ) : null}
              <CandidateForm
                // A fresh form after each successful create.
                key={candidates.length}
                intent="create"
                candidate={null}
                typed={result?.intent === 'create' ? result.values : null}
                errors={result?.intent === 'create' ? result.errors : {}}
                currency={currency}
                busy={busy}
                submitLabel={t('candidates.create')}
              />
            </>
          )}
        </Panel>
      ) : null}
    </div>
  )
}
