import { Fragment, type ReactNode } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useNavigation, useParams } from 'react-router'
import type { Route } from './+types/requirement'
import { RequirementForm, StatusBadge, type RequirementFormDefaults } from '~/components/requirement-form'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDate, formatDateTime, useI18n } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { requirementRatings, rateRequirement } from '~/models/rating.server'
import { lintRequirement, type LintMatch } from '~/models/requirement-lint'
import {
  addComment,
  addRequirementLink,
  deleteRequirement,
  getRequirementPage,
  removeRequirementLink,
  removeRequirementSource,
  requirementHistory,
  RequirementError,
  setRequirementStatus,
  updateRequirement,
} from '~/models/requirement.server'
import {
  COMMENT_KINDS,
  LINK_KINDS,
  parseRequirementForm,
  RequirementFormSchema,
  RequirementPageActionSchema,
  SaveRequirementSchema,
  type RequirementStatus,
} from '~/schemas/requirement'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can, type ProjectAction } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { FieldErrors, FormValues } from '~/utils/validation'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.requirement.code} ${data.requirement.title} · Specwright` : 'Specwright' }]

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership, user } = await requireProjectPermission(request, params.slug, 'requirement.view')
  const { t, locale } = await requestI18n(request)
  const requirement = await getRequirementPage(db, project.id, params.code.toUpperCase())
  invariantResponse(requirement, t('errors.notFoundItem'), 404)
  const archived = project.archivedAt !== null
  const allowed = (action: ProjectAction) => can(membership.role, action, archived)
  // A vendor reads what is required, not the client's internal discussion: no interview
  // quotes or process steps (their pages are closed to vendors too), no ratings, review
  // thread or history naming the working group.
  const internal = can(membership.role, 'members.view')
  const [ratings, history, departments] = await Promise.all([
    internal ? requirementRatings(db, requirement.id) : Promise.resolve({ summary: null, ratings: [] }),
    internal ? requirementHistory(db, project.id, requirement.id) : Promise.resolve([]),
    allowed('requirement.edit') ? listDepartments(db, project.id) : Promise.resolve([]),
  ])
  // Lint is recomputed for display so titles and explanations follow the reader's language.
  const lint = lintRequirement(
    { statement: requirement.statementText, acceptanceCriterion: requirement.acceptanceCriterion, documentLanguage: project.documentLanguage === 'ru' ? 'ru' : 'en' },
    locale,
  )
  // The editor needs the statement's JSON only when the reader may edit it.
  const { statement: statementJson, ...rest } = requirement
  const shown = {
    ...rest,
    sources: rest.sources.filter((src) => (src.highlight ? can(membership.role, 'interview.view') : can(membership.role, 'process.view'))),
    comments: internal ? rest.comments : [],
  }
  return {
    internal,
    requirement: shown,
    statementJson: allowed('requirement.edit') ? statementJson : null,
    ratings,
    myRating: ratings.ratings.find((r) => r.userId === user.id) ?? null,
    history,
    lint,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    can: {
      edit: allowed('requirement.edit'),
      approve: allowed('requirement.approve'),
      rate: allowed('requirement.rate'),
      comment: allowed('requirement.comment'),
    },
  }
}

type ActionResult = {
  intent: string
  errors: FieldErrors
  values?: FormValues
  formError: string | null
  conflict?: { by: string | null; at: Date } | null
}

const NEEDED: Record<string, ProjectAction> = {
  save: 'requirement.edit',
  status: 'requirement.edit',
  delete: 'requirement.approve',
  'add-link': 'requirement.edit',
  'remove-link': 'requirement.edit',
  'remove-source': 'requirement.edit',
  rate: 'requirement.rate',
  comment: 'requirement.comment',
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const { project, user, membership } = await requireProjectPermission(request, params.slug, NEEDED[intent] ?? 'requirement.edit')
  const { t } = await requestI18n(request)
  const found = await db.requirement.findFirst({ where: { projectId: project.id, code: params.code.toUpperCase(), deletedAt: null }, select: { id: true, code: true } })
  invariantResponse(found, t('errors.notFoundItem'), 404)
  const actor = { id: user.id, canApprove: can(membership.role, 'requirement.approve') }
  const here = `/p/${project.slug}/requirements/${found.code}`
  const fail = (result: Partial<ActionResult>, status = 400) => data<ActionResult>({ intent, errors: {}, formError: null, ...result }, { status })

  try {
    if (intent === 'save') {
      const meta = SaveRequirementSchema.safeParse({ intent, version: form.get('version') })
      const parsed = parseRequirementForm(RequirementFormSchema, form, t)
      if (!parsed.ok) return fail({ errors: parsed.errors, values: parsed.values })
      invariantResponse(meta.success, t('errors.invalid'))
      const saved = await updateRequirement(db, actor, project.id, found.id, meta.data.version, parsed.value)
      invariantResponse(saved, t('errors.notFoundItem'), 404)
      if ('conflict' in saved) return fail({ conflict: saved.conflict, values: Object.fromEntries(form) as FormValues }, 409)
      return redirectWithToast(here, { type: 'success', message: t('requirements.saved', { code: saved.code }) })
    }
    const parsed = parseRequirementForm(RequirementPageActionSchema, form, t)
    if (!parsed.ok) return fail({ errors: parsed.errors, formError: Object.values(parsed.errors)[0] ?? null })
    const input = parsed.value
    switch (input.intent) {
      case 'status':
        invariantResponse(await setRequirementStatus(db, actor, project.id, found.id, input.status), t('errors.notFoundItem'), 404)
        return redirectWithToast(here, { type: 'success', message: t('requirements.page.statusChanged', { status: t(`requirements.statuses.${input.status}`) }) })
      case 'delete':
        invariantResponse(await deleteRequirement(db, user.id, project.id, found.id), t('errors.notFoundItem'), 404)
        return redirectWithToast(`/p/${project.slug}/requirements`, { type: 'success', message: t('requirements.deleted', { code: found.code }) })
      case 'add-link':
        invariantResponse(await addRequirementLink(db, user.id, project.id, found.id, { code: input.targetCode }, input.kind), t('errors.notFoundItem'), 404)
        return redirectWithToast(`${here}#links`, { type: 'success', message: t('requirements.page.linkAdded') })
      case 'remove-link':
        invariantResponse(await removeRequirementLink(db, user.id, project.id, found.id, input.linkId), t('errors.notFoundItem'), 404)
        return redirectWithToast(`${here}#links`, { type: 'success', message: t('requirements.page.linkRemoved') })
      case 'remove-source':
        invariantResponse(await removeRequirementSource(db, user.id, project.id, found.id, input.sourceId), t('errors.notFoundItem'), 404)
        return redirectWithToast(`${here}#evidence`, { type: 'success', message: t('requirements.page.removeEvidence') })
      case 'rate':
        invariantResponse(await rateRequirement(db, user.id, project.id, found.id, input), t('errors.notFoundItem'), 404)
        return redirectWithToast(`${here}#ratings`, { type: 'success', message: t('requirements.page.rated') })
      case 'comment':
        invariantResponse(await addComment(db, actor, project.id, found.id, input), t('errors.notFoundItem'), 404)
        return redirectWithToast(`${here}#review`, { type: 'success', message: t('requirements.page.commented') })
    }
  } catch (error) {
    if (error instanceof RequirementError) {
      const message = t(`requirements.errors.${error.reason}`)
      return fail({ errors: error.field ? { [error.field]: message } : {}, formError: message, values: Object.fromEntries(form) as FormValues })
    }
    throw error
  }
}

function useBase() {
  return `/p/${useParams().slug ?? ''}`
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>

export default function RequirementPage() {
  const base = useBase()
  const { t, locale } = useI18n()
  const loaded = useLoaderData<typeof loader>()
  const { requirement: r, lint, can: allowed } = loaded
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const editOpen = result?.intent === 'save'
  const marks = lint.flatMap((f) => f.matches)
  const formError = result && result.intent !== 'save' ? result.formError : null

  return (
    <div className="space-y-6">
      <nav className="text-sm">
        <Link to={`${base}/requirements`}>
          ← {t('requirements.back')}
        </Link>
      </nav>
      <PageHeader
        title={
          <>
            <span className="mr-2 font-mono text-slate-500">{r.code}</span>
            {r.title}
          </>
        }
        description={
          <span className="flex flex-wrap gap-1.5">
            <Badge>{t(`requirements.types.${r.type}`)}</Badge>
            <Badge tone={r.priority === 'must' ? 'blue' : 'slate'}>{t(`requirements.priorities.${r.priority}`)}</Badge>
            <StatusBadge status={r.status} />
            <Badge>{t(`requirements.stages.${r.stage}`)}</Badge>
            {r.checklistKey ? <Badge tone="amber">{t('requirements.securityChecklist')}</Badge> : null}
            {r.department ? <Badge>{r.department.name}</Badge> : null}
          </span>
        }
      />
      <FormError message={formError ?? undefined} />

      <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-6">
          <Panel title={t('requirements.page.details')}>
            <dl className="space-y-3 text-sm">
              <Field label={t('requirements.fields.statement')}>
                <p className="whitespace-pre-line">
                  <Marked text={r.statementText} marks={marks} />
                </p>
              </Field>
              <Field label={t('requirements.fields.acceptanceCriterion')}>
                {r.acceptanceCriterion ? <p className="whitespace-pre-line">{r.acceptanceCriterion}</p> : <p className="text-slate-500">—</p>}
              </Field>
              {r.rationale ? (
                <Field label={t('requirements.fields.rationale')}>
                  <p className="whitespace-pre-line text-slate-700">{r.rationale}</p>
                </Field>
              ) : null}
              {r.type === 'integration' ? <IntegrationSummary r={r} /> : null}
              {r.tags.length > 0 ? (
                <Field label={t('requirements.fields.tags')}>
                  <span className="flex flex-wrap gap-1">
                    {r.tags.map((tag) => (
                      <Link key={tag} to={`${base}/requirements?tag=${encodeURIComponent(tag)}`}>
                        <Badge>{tag}</Badge>
                      </Link>
                    ))}
                  </span>
                </Field>
              ) : null}
            </dl>
            <p className="mt-4 text-xs text-slate-500">
              {t('requirements.page.lastChange', { version: r.version, time: formatDateTime(r.updatedAt, locale), name: r.updatedBy?.name ?? '—' })}
            </p>
          </Panel>

          <StatusActions status={r.status} checklist={Boolean(r.checklistKey)} canApprove={allowed.approve} canEdit={allowed.edit} />

          <Panel title={t('requirements.page.lint')} actions={<span className="text-xs text-slate-500">{t('requirements.page.lintHint')}</span>}>
            {lint.length === 0 ? (
              <p className="text-sm text-slate-600">{t('requirements.page.lintNone')}</p>
            ) : (
              <ul className="space-y-3 text-sm">
                {lint.map((f) => (
                  <li key={f.ruleId}>
                    <p className="font-medium text-amber-900">{f.title}</p>
                    <p className="text-slate-700">{f.explanation}</p>
                    {f.matches.length > 0 ? (
                      <p className="mt-1 text-xs text-slate-600">
                        {t('requirements.page.matched')}{' '}
                        {f.matches.map((m, i) => (
                          <mark key={i} className="mr-1 rounded bg-amber-100 px-1 text-amber-950">
                            {m.text}
                          </mark>
                        ))}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Panel>

          {loaded.internal ? <Evidence sources={r.sources} canEdit={allowed.edit} /> : null}
          <Links r={r} canEdit={allowed.edit} result={result} />
          {loaded.internal ? <Review comments={r.comments} canComment={allowed.comment} canDecide={allowed.approve} /> : null}

          {allowed.edit ? (
            <Panel>
              <details open={editOpen}>
                <summary className="cursor-pointer font-medium">{t('requirements.page.edit')}</summary>
                <div className="mt-4">
                  <RequirementForm
                    key={r.version}
                    mode="edit"
                    departments={loaded.departments}
                    defaults={formDefaults(r, loaded.statementJson)}
                    values={result?.intent === 'save' ? result.values : undefined}
                    errors={result?.intent === 'save' ? result.errors : undefined}
                    formError={result?.intent === 'save' ? result.formError : null}
                    conflict={result?.intent === 'save' ? result.conflict : null}
                    canApprove={allowed.approve}
                    hidden={{ version: r.version }}
                    busy={busy}
                  />
                </div>
              </details>
            </Panel>
          ) : null}
        </div>

        <div className="space-y-6">
          {loaded.internal ? (
            <>
              <Ratings data={loaded.ratings} mine={loaded.myRating} canRate={allowed.rate} />
              <History events={loaded.history} />
            </>
          ) : null}
          {allowed.approve ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!confirm(t('requirements.page.confirmDelete', { code: r.code }))) e.preventDefault()
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <Button type="submit" variant="danger" size="sm">
                {t('requirements.page.delete')}
              </Button>
            </Form>
          ) : null}
        </div>
      </div>
    </div>
  )
}

function formDefaults(r: Loaded['requirement'], statementJson: string | null): RequirementFormDefaults {
  return {
    title: r.title,
    statement: statementJson ?? r.statementText,
    rationale: r.rationale,
    acceptanceCriterion: r.acceptanceCriterion,
    type: r.type,
    priority: r.priority,
    departmentId: r.departmentId ?? '',
    status: r.status,
    stage: r.stage,
    tags: r.tags.join(', '),
    integrationSystem: r.integrationSystem ?? '',
    integrationSystemName: r.integrationSystemName ?? '',
    integrationDirection: r.integrationDirection ?? '',
    integrationDataIn: r.integrationDataIn.join('\n'),
    integrationDataOut: r.integrationDataOut.join('\n'),
    integrationTrigger: r.integrationTrigger ?? '',
    integrationVolume: r.integrationVolume ?? '',
  }
}

function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  )
}

/** The statement with the lint's matched words marked (offsets are into the plain text). */
function Marked({ text, marks }: { text: string; marks: LintMatch[] }) {
  const sorted = [...marks].sort((a, b) => a.start - b.start)
  const parts: ReactNode[] = []
  let at = 0
  sorted.forEach((m, i) => {
    if (m.start < at) return
    parts.push(<Fragment key={`t${i}`}>{text.slice(at, m.start)}</Fragment>)
    parts.push(
      <mark key={`m${i}`} className="rounded bg-amber-100 px-0.5 text-amber-950">
        {text.slice(m.start, m.end)}
      </mark>,
    )
    at = m.end
  })
  parts.push(<Fragment key="end">{text.slice(at)}</Fragment>)
  return <>{text ? parts : '—'}</>
}

function IntegrationSummary({ r }: { r: Loaded['requirement'] }) {
  const { t } = useI18n()
  return (
    <Field label={t('requirements.page.integration')}>
      <div className="rounded-md border border-slate-200 p-3">
        <p>
          <span className="font-medium">{r.integrationSystem ? t(`requirements.integration.systems.${r.integrationSystem}`) : '—'}</span>
          {r.integrationSystemName ? <span className="text-slate-700"> — {r.integrationSystemName}</span> : null}
          {r.integrationDirection ? <Badge tone="blue">{t(`requirements.integration.directions.${r.integrationDirection}`)}</Badge> : null}
        </p>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {r.integrationDataIn.length > 0 ? (
            <div>
              <p className="text-xs font-medium text-slate-500">{t('requirements.integration.dataIn')}</p>
              <ul className="list-disc pl-5">
                {r.integrationDataIn.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {r.integrationDataOut.length > 0 ? (
            <div>
              <p className="text-xs font-medium text-slate-500">{t('requirements.integration.dataOut')}</p>
              <ul className="list-disc pl-5">
                {r.integrationDataOut.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <p className="mt-2 text-slate-700">
          <span className="text-xs font-medium text-slate-500">{t('requirements.integration.trigger')}:</span> {r.integrationTrigger ?? '—'}
          <br />
          <span className="text-xs font-medium text-slate-500">{t('requirements.integration.volume')}:</span> {r.integrationVolume ?? '—'}
        </p>
      </div>
    </Field>
  )
}

function StatusActions({ status, checklist, canApprove, canEdit }: { status: string; checklist: boolean; canApprove: boolean; canEdit: boolean }) {
  const { t } = useI18n()
  const options: { to: RequirementStatus; label: string; variant: 'primary' | 'secondary' | 'danger' }[] = []
  if (canApprove) {
    if (status !== 'approved') options.push({ to: 'approved', label: checklist ? t('requirements.page.confirmChecklist') : t('requirements.page.approve'), variant: 'primary' })
    if (status !== 'rejected') options.push({ to: 'rejected', label: t('requirements.page.reject'), variant: 'danger' })
    if (status !== 'deferred') options.push({ to: 'deferred', label: t('requirements.page.defer'), variant: 'secondary' })
  }
  if (canEdit && (canApprove || status === 'draft' || status === 'proposed')) {
    if (status !== 'proposed') options.push({ to: 'proposed', label: t('requirements.page.propose'), variant: 'secondary' })
    if (status !== 'draft') options.push({ to: 'draft', label: t('requirements.page.backToDraft'), variant: 'secondary' })
  }
  if (options.length === 0) return null
  return (
    <Panel title={t('requirements.page.statusActions')}>
      <Form method="post" className="flex flex-wrap gap-2">
        <input type="hidden" name="intent" value="status" />
        {options.map((o) => (
          <Button key={o.to} type="submit" name="status" value={o.to} variant={o.variant} size="sm">
            {o.label}
          </Button>
        ))}
      </Form>
    </Panel>
  )
}

function Evidence({ sources, canEdit }: { sources: Loaded['requirement']['sources']; canEdit: boolean }) {
  const base = useBase()
  const { t, locale } = useI18n()
  return (
    <section id="evidence">
      <Panel title={t('requirements.page.evidence')}>
        {sources.length === 0 ? (
          <p className="text-sm text-slate-600">{t('requirements.page.evidenceNone')}</p>
        ) : (
          <ul className="space-y-3 text-sm">
            {sources.map((s) => (
              <li key={s.id} className="flex items-start gap-3">
                <div className="flex-1">
                  {s.highlight ? (
                    <figure>
                      <blockquote className="border-l-4 border-accent-300 pl-3">
                        <Link to={`${base}/interviews/${s.highlight.interviewId}#highlight-${s.highlight.id}`} className="text-slate-900">
                          «{s.highlight.quote}»
                        </Link>
                      </blockquote>
                      <figcaption className="mt-0.5 pl-4 text-xs text-slate-600">
                        {t('requirements.page.quoteBy', { name: s.highlight.interview.intervieweeName })}
                        {s.highlight.interview.intervieweePosition ? `, ${s.highlight.interview.intervieweePosition}` : ''}
                        {s.highlight.interview.date ? ` · ${formatDate(s.highlight.interview.date, locale)}` : ''}
                      </figcaption>
                    </figure>
                  ) : s.processStep ? (
                    <p>
                      <span className="text-xs text-slate-600">{t('requirements.page.step', { process: s.processStep.process.name })}: </span>
                      <Link to={`${base}/processes/${s.processStep.processId}#step-${s.processStep.id}`}>
                        {s.processStep.title}
                      </Link>
                    </p>
                  ) : null}
                </div>
                {canEdit ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-source" />
                    <input type="hidden" name="sourceId" value={s.id} />
                    <Button type="submit" size="sm" variant="ghost" aria-label={t('requirements.page.removeEvidence')}>
                      ✕
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </section>
  )
}

function Links({ r, canEdit, result }: { r: Loaded['requirement']; canEdit: boolean; result: ActionResult | undefined }) {
  const base = useBase()
  const { t } = useI18n()
  const rows = [
    ...r.linksFrom.map((l) => ({ id: l.id, label: t(`requirements.page.outgoing.${l.kind}`), other: l.to })),
    ...r.linksTo.map((l) => ({ id: l.id, label: t(`requirements.page.incoming.${l.kind}`), other: l.from })),
  ]
  const linkError = result?.intent === 'add-link' ? result.errors.targetCode : undefined
  return (
    <section id="links">
      <Panel title={t('requirements.page.links')}>
        {rows.length === 0 ? <p className="text-sm text-slate-600">{t('requirements.page.linksNone')}</p> : null}
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map((l) => (
            <li key={l.id} className="flex items-center gap-2 py-1.5">
              <span className="w-36 shrink-0 text-slate-600">{l.label}</span>
              <Link to={`${base}/requirements/${l.other.code}`} className="font-mono">
                {l.other.code}
              </Link>
              <span className="flex-1">{l.other.title}</span>
              <StatusBadge status={l.other.status} />
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-link" />
                  <input type="hidden" name="linkId" value={l.id} />
                  <Button type="submit" size="sm" variant="ghost" aria-label={t('requirements.page.removeLink', { code: l.other.code })}>
                    ✕
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <Form method="post" className="mt-3 grid items-start gap-3 sm:grid-cols-[12rem_10rem_auto]" noValidate>
            <input type="hidden" name="intent" value="add-link" />
            <SelectField
              label={t('requirements.page.linkKind')}
              name="kind"
              options={LINK_KINDS.map((k) => ({ value: k, label: t(`requirements.page.outgoing.${k}`) }))}
            />
            <TextField label={t('requirements.page.linkTarget')} name="targetCode" placeholder="FR-001" required maxLength={20} error={linkError} />
            <Button type="submit" className="sm:mt-6">
              {t('requirements.page.addLink')}
            </Button>
          </Form>
        ) : null}
      </Panel>
    </section>
  )
}

function Ratings({ data: { ratings, summary }, mine, canRate }: { data: Loaded['ratings']; mine: Loaded['myRating']; canRate: boolean }) {
  const { t } = useI18n()
  return (
    <section id="ratings">
      <Panel title={t('requirements.page.ratings')}>
        {summary ? (
          <p className="mb-2 text-sm font-medium">{t('requirements.page.ratingSummary', { mean: summary.mean.toFixed(1), spread: summary.spread, count: summary.count })}</p>
        ) : (
          <p className="mb-2 text-sm text-slate-600">{t('requirements.page.ratingsNone')}</p>
        )}
        {ratings.length > 0 ? (
          <table className="w-full text-sm">
            <TableHead columns={[t('requirements.page.rater'), t('requirements.page.raterDepartment'), '1–5']} />
            <tbody className="divide-y divide-slate-100 align-top">
              {ratings.map((rt) => (
                <tr key={rt.id}>
                  <td className="py-1.5 pr-3">
                    {rt.user.name}
                    {rt.comment ? <p className="text-xs text-slate-600">{rt.comment}</p> : null}
                  </td>
                  <td className="py-1.5 pr-3 text-slate-600">{rt.department?.name ?? '—'}</td>
                  <td className="py-1.5 font-medium tabular-nums">{rt.importance}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {canRate ? (
          <Form method="post" className="mt-4 space-y-3 border-t border-slate-100 pt-3" noValidate>
            <input type="hidden" name="intent" value="rate" />
            <p className="text-sm font-medium">{t('requirements.page.myRating')}</p>
            <SelectField
              label={t('requirements.page.importance')}
              name="importance"
              defaultValue={String(mine?.importance ?? 3)}
              options={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: t(`requirements.page.importanceLevels.${n}`) }))}
            />
            <TextAreaField label={t('requirements.page.ratingComment')} name="comment" rows={2} maxLength={1000} defaultValue={mine?.comment ?? ''} />
            <Button type="submit" size="sm" variant="primary">
              {t('requirements.page.rate')}
            </Button>
          </Form>
        ) : null}
      </Panel>
    </section>
  )
}

type CommentRow = Loaded['requirement']['comments'][number]

function Review({ comments, canComment, canDecide }: { comments: CommentRow[]; canComment: boolean; canDecide: boolean }) {
  const { t } = useI18n()
  const roots = comments.filter((c) => !c.parentId)
  const repliesOf = (id: string) => comments.filter((c) => c.parentId === id)
  const replyKinds = COMMENT_KINDS.filter((k) => k !== 'remark' && (k !== 'decision' || canDecide))
  const renderThread = (c: CommentRow, depth: number): ReactNode => (
    <li key={c.id} className={depth > 0 ? 'ml-6 border-l-2 border-slate-200 pl-3' : ''}>
      <CommentView c={c} />
      {canComment && depth < 4 ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-accent-700">{t('requirements.page.reply')}</summary>
          <Form method="post" className="mt-2 space-y-2" noValidate>
            <input type="hidden" name="intent" value="comment" />
            <input type="hidden" name="parentId" value={c.id} />
            <SelectField label={t('requirements.page.replyKind')} name="kind" options={replyKinds.map((k) => ({ value: k, label: t(`requirements.page.commentKinds.${k}`) }))} />
            <TextAreaField label={t('requirements.page.commentBody')} name="body" rows={2} required maxLength={4000} />
            <Button type="submit" size="sm">
              {t('requirements.page.send')}
            </Button>
          </Form>
        </details>
      ) : null}
      {repliesOf(c.id).length > 0 ? <ul className="mt-2 space-y-2">{repliesOf(c.id).map((x) => renderThread(x, depth + 1))}</ul> : null}
    </li>
  )
  return (
    <section id="review">
      <Panel title={t('requirements.page.comments')}>
        {roots.length === 0 ? <p className="text-sm text-slate-600">{t('requirements.page.commentsNone')}</p> : <ul className="space-y-3 text-sm">{roots.map((c) => renderThread(c, 0))}</ul>}
        {canComment ? (
          <Form method="post" className="mt-4 space-y-2 border-t border-slate-100 pt-3" noValidate>
            <input type="hidden" name="intent" value="comment" />
            <input type="hidden" name="kind" value="remark" />
            <TextAreaField label={t('requirements.page.newRemark')} name="body" rows={2} required maxLength={4000} />
            <Button type="submit" size="sm">
              {t('requirements.page.send')}
            </Button>
          </Form>
        ) : null}
      </Panel>
    </section>
  )
}

function CommentView({ c }: { c: CommentRow }) {
  const { t, locale } = useI18n()
  const tone = c.kind === 'decision' ? 'green' : c.kind === 'justification' ? 'blue' : 'slate'
  return (
    <div>
      <p className="text-xs text-slate-600">
        <Badge tone={tone}>{t(`requirements.page.commentKinds.${c.kind}`)}</Badge> <span className="font-medium text-slate-800">{c.author.name}</span> ·{' '}
        {formatDateTime(c.createdAt, locale)}
      </p>
      <p className="mt-0.5 whitespace-pre-line">{c.body}</p>
    </div>
  )
}

function History({ events }: { events: Loaded['history'] }) {
  const { t, locale } = useI18n()
  // Field names and enumerated values in the reader's language; ids are not shown.
  const label = (k: string) => {
    const key = k === 'importance' ? 'requirements.page.importance' : k === 'comment' ? 'requirements.page.ratingComment' : `requirements.fields.${k}`
    const text = t(key)
    return text === key ? k : text
  }
  const VALUE_KEYS: Record<string, string> = { status: 'statuses', priority: 'priorities', type: 'types', stage: 'stages' }
  const fmt = (k: string, v: unknown) => {
    if (Array.isArray(v)) return v.join(', ')
    if (typeof v === 'string' && VALUE_KEYS[k]) return t(`requirements.${VALUE_KEYS[k]}.${v}`)
    return typeof v === 'string' ? v : JSON.stringify(v)
  }
  const shownKey = (k: string) => !k.endsWith('Id') && k !== 'id'
  return (
    <Panel title={t('requirements.page.history')}>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">{t('requirements.page.historyNone')}</p>
      ) : (
        <ol className="space-y-2 text-sm">
          {events.map((e) => {
            const changed =
              e.action === 'requirement.create' || e.action === 'requirement.seed' || e.action === 'requirement.import'
                ? []
                : Object.keys(e.summary.after ?? e.summary.before ?? {}).filter(
                    (k) => shownKey(k) && (!['', null, undefined].includes(e.summary.after?.[k] as never) || (e.summary.before?.[k] ?? '') !== ''),
                  )
            return (
              <li key={e.seq}>
                <p>
                  <span className="font-medium">{e.actor?.name ?? '—'}</span> {t(`requirements.page.actions.${e.action.replaceAll('.', '_')}`)}
                </p>
                <p className="text-xs text-slate-500">{formatDateTime(e.createdAt, locale)}</p>
                {changed.length > 0 ? (
                  <ul className="mt-0.5 text-xs text-slate-700">
                    {changed.slice(0, 6).map((k) => (
                      <li key={k} className="break-words">
                        {label(k)}: {e.summary.before?.[k] !== undefined ? <span className="text-slate-500 line-through">{fmt(k, e.summary.before[k]).slice(0, 80)}</span> : null}{' '}
                        {e.summary.after?.[k] !== undefined ? fmt(k, e.summary.after[k]).slice(0, 80) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
    </Panel>
  )
}
