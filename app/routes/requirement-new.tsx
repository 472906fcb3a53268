import { data, Link, useActionData, useLoaderData, useNavigation, useParams } from 'react-router'
import type { Route } from './+types/requirement-new'
import { EMPTY_REQUIREMENT, RequirementForm } from '~/components/requirement-form'
import { FormError } from '~/components/ui/field'
import { PageHeader, Panel } from '~/components/ui/panel'
import { formatDate, useI18n } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { createRequirement, findEvidence, RequirementError, type SourceRef } from '~/models/requirement.server'
import { parseRequirementForm, RequirementFormSchema, SourceParamsSchema } from '~/schemas/requirement'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { FieldErrors, FormValues } from '~/utils/validation'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

// The form, with the quote or process step it starts from (?highlight= / ?step=) shown and pre-filled.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'requirement.edit')
  const url = new URL(request.url)
  const highlightId = url.searchParams.get('highlight')
  const stepId = url.searchParams.get('step')
  const [departments, evidence] = await Promise.all([
    listDepartments(db, project.id),
    findEvidence(db, project.id, { highlightId, stepId }),
  ])
  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    evidence,
    evidenceMissing: Boolean(highlightId || stepId) && !evidence,
    canApprove: can(membership.role, 'requirement.approve', project.archivedAt !== null),
    myDepartmentId: membership.departmentId,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user, membership } = await requireProjectPermission(request, params.slug, 'requirement.edit')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const parsed = parseRequirementForm(RequirementFormSchema, form, t)
  const sourceParams = SourceParamsSchema.safeParse({ sourceHighlightId: form.get('sourceHighlightId'), sourceStepId: form.get('sourceStepId') })
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, formError: null as string | null }, { status: 400 })
  const sources: SourceRef[] = []
  if (sourceParams.success && sourceParams.data.sourceHighlightId) sources.push({ highlightId: sourceParams.data.sourceHighlightId })
  if (sourceParams.success && sourceParams.data.sourceStepId) sources.push({ processStepId: sourceParams.data.sourceStepId })
  const actor = { id: user.id, canApprove: can(membership.role, 'requirement.approve') }
  try {
    const created = await createRequirement(db, actor, project.id, parsed.value, sources)
    return redirectWithToast(`/p/${project.slug}/requirements/${created.code}`, { type: 'success', message: t('requirements.created', { code: created.code }) })
  } catch (error) {
    if (error instanceof RequirementError) {
      const message = t(`requirements.errors.${error.reason}`)
      const errors: FieldErrors = error.field ? { [error.field]: message } : {}
      return data({ errors, values: Object.fromEntries(form) as FormValues, formError: message }, { status: 400 })
    }
    throw error
  }
}

export default function NewRequirement() {
  const { t, locale } = useI18n()
  const { departments, evidence, evidenceMissing, canApprove, myDepartmentId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const prefill =
    evidence?.kind === 'highlight'
      ? evidence.quote
      : evidence?.kind === 'step'
        ? [evidence.title, evidence.action].filter(Boolean).join('\n')
        : ''
  const hidden: Record<string, string> = {}
  if (evidence?.kind === 'highlight') hidden.sourceHighlightId = evidence.id
  if (evidence?.kind === 'step') hidden.sourceStepId = evidence.id

  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={t('requirements.new')} actions={<Link to={`/p/${useParams().slug ?? ''}/requirements`}>{t('requirements.back')}</Link>} />
      {evidenceMissing ? <FormError message={t('requirements.form.evidenceGone')} /> : null}
      {evidence ? (
        <Panel
          title={
            evidence.kind === 'highlight'
              ? t('requirements.form.fromQuote', { name: evidence.interview.intervieweeName })
              : t('requirements.form.fromStep', { process: evidence.process.name })
          }
        >
          {evidence.kind === 'highlight' ? (
            <figure>
              <blockquote className="border-l-4 border-accent-300 pl-3 text-slate-800">«{evidence.quote}»</blockquote>
              <figcaption className="mt-1 text-xs text-slate-600">
                {[evidence.interview.intervieweeName, evidence.interview.intervieweePosition, evidence.interview.date ? formatDate(evidence.interview.date, locale) : null]
                  .filter(Boolean)
                  .join(' · ')}
              </figcaption>
            </figure>
          ) : (
            <div className="text-sm">
              <p className="font-medium">{evidence.title}</p>
              {evidence.action ? <p className="text-slate-700">{evidence.action}</p> : null}
              {evidence.actor ? <p className="text-xs text-slate-600">{evidence.actor}</p> : null}
            </div>
          )}
        </Panel>
      ) : null}
      <Panel>
        <RequirementForm
          mode="create"
          departments={departments}
          defaults={{ ...EMPTY_REQUIREMENT, statement: prefill, departmentId: myDepartmentId ?? '' }}
          values={result?.values}
          errors={result?.errors}
          formError={result?.formError}
          canApprove={canApprove}
          hidden={hidden}
          busy={busy}
        />
      </Panel>
    </div>
  )
}
