import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/candidate'
import { CandidateForm, licenceLabel } from '~/components/candidate-form'
import { EvaluationTabs, evaluationTabsShow } from '~/components/evaluation-tabs'
import { Button } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { PageHeader, Panel } from '~/components/ui/panel'
import { formatDateTime, useI18n } from '~/i18n'
import { deleteCandidate, getCandidate, updateCandidate } from '~/models/candidate.server'
import { CandidateFieldsSchema, CandidateVersionSchema, parseCandidateForm } from '~/schemas/candidate'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { formatMoney } from '~/utils/money'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { FieldErrors, FormValues } from '~/utils/validation'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.candidate.product} · Specwright` : 'Specwright' }]

// One candidate. A vendor asking for another candidate's id gets the same 404 as for an id that
// does not exist: the page must not reveal that it does.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'candidate.view')
  const { t } = await requestI18n(request)
  const candidate = await getCandidate(db, project.id, params.candidateId, { role: membership.role, candidateId: membership.candidateId })
  invariantResponse(candidate, t('candidates.notFound'), 404)
  return {
    slug: project.slug,
    currency: project.currency,
    candidate: { ...candidate, updatedAt: candidate.updatedAt.toISOString() },
    canManage: can(membership.role, 'candidate.manage', project.archivedAt !== null),
    tabs: evaluationTabsShow(membership.role),
  }
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues | null; formError: string | null }

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'candidate.manage')
  const { t, locale } = await requestI18n(request)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const fail = (result: Partial<ActionResult>, status = 400) => data<ActionResult>({ intent, errors: {}, values: null, formError: null, ...result }, { status })

  if (intent === 'delete') {
    const deleted = await deleteCandidate(db, user.id, project.id, params.candidateId)
    invariantResponse(deleted.ok, t('candidates.notFound'), 404)
    return redirectWithToast(`/p/${project.slug}/candidates`, { type: 'success', message: t('candidates.deleted') })
  }
  invariantResponse(intent === 'update', t('errors.invalid'), 400)
  const version = CandidateVersionSchema.safeParse({ version: form.get('version') })
  if (!version.success) return fail({ formError: t('errors.invalid') })
  const parsed = parseCandidateForm(CandidateFieldsSchema, form, t)
  if (!parsed.ok) return fail({ errors: parsed.errors, values: parsed.values, formError: t('errors.checkFields') })
  const saved = await updateCandidate(db, user.id, project.id, params.candidateId, { ...parsed.value, version: version.data.version })
  if (!saved.ok) {
    if (saved.error === 'stale') {
      const formError =
        saved.changedBy && saved.changedAt
          ? t('candidates.stale', { name: saved.changedBy, time: formatDateTime(saved.changedAt, locale) })
          : t('candidates.staleUnknown')
      return fail({ values: Object.fromEntries(form.entries()) as FormValues, formError }, 409)
    }
    return fail({ formError: t('candidates.notFound') }, 404)
  }
  return redirectWithToast(`/p/${project.slug}/candidates/${params.candidateId}`, { type: 'success', message: t('candidates.saved') })
}

export default function Candidate() {
  const { t, locale } = useI18n()
  const { slug, currency, candidate: c, canManage, tabs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const money = (minor: number) => formatMoney(minor, currency, locale)

  const facts: [string, string][] = [
    [t('candidates.field.vendor'), c.vendor],
    [t('candidates.field.edition'), c.edition || '—'],
    [t('candidates.field.productVersion'), c.productVersion || '—'],
    [t('candidates.field.hosting'), t(`candidates.hosting.${c.hosting}`)],
    [t('candidates.col.licence'), licenceLabel(c, currency, locale, t)],
    [t('candidates.field.users'), String(c.users)],
    [t('candidates.field.implementationCostMinor'), money(c.implementationCostMinor)],
    [t('candidates.field.annualSupportCostMinor'), t('candidates.perYear', { price: money(c.annualSupportCostMinor) })],
    [t('candidates.col.representatives'), c.representatives.length > 0 ? c.representatives.join(', ') : t('candidates.noRepresentative')],
  ]

  return (
    <div className="space-y-6">
      <EvaluationTabs slug={slug} current="candidates" show={tabs} />
      <p className="no-print text-sm">
        <Link to={`/p/${slug}/candidates`} className="text-accent-700 hover:underline">
          ← {t('candidates.back')}
        </Link>
      </p>
      <PageHeader
        title={c.product}
        description={t('candidates.updated', { time: formatDateTime(c.updatedAt, locale) })}
        actions={
          canManage ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!confirm(t('candidates.confirmDelete', { name: c.product }))) e.preventDefault()
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <Button type="submit" variant="danger" disabled={busy}>
                {t('common.delete')}
              </Button>
            </Form>
          ) : null
        }
      />

      <Panel title={t('candidates.keyFigures')}>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-slate-600">{label}</dt>
              <dd className="font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        {c.demoAccess || c.contacts ? (
          <dl className="mt-4 grid gap-4 border-t border-slate-100 pt-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-600">{t('candidates.field.demoAccess')}</dt>
              <dd className="whitespace-pre-wrap">{c.demoAccess || '—'}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t('candidates.field.contacts')}</dt>
              <dd className="whitespace-pre-wrap">{c.contacts || '—'}</dd>
            </div>
          </dl>
        ) : null}
      </Panel>

      {canManage ? (
        <Panel title={t('candidates.edit')}>
          {result?.formError ? (
            <div className="mb-4">
              <FormError message={result.formError} />
            </div>
          ) : null}
          <CandidateForm
            key={c.version}
            intent="update"
            version={c.version}
            candidate={c}
            typed={result?.values ?? null}
            errors={result?.errors ?? {}}
            currency={currency}
            busy={busy}
            submitLabel={t('common.save')}
          />
        </Panel>
      ) : null}
    </div>
  )
}
