import { useId, type ReactNode } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/process'
import { ProcessDiagram, type DiagramView } from '~/components/process-diagram'
import { Button, buttonClass } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { formatDateTime, useI18n, type T } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import {
  addStep,
  deleteProcess,
  deleteStep,
  type Failure,
  getProcess,
  linkStepRequirement,
  moveStep,
  unlinkStepRequirement,
  updateProcess,
  updateStep,
} from '~/models/process.server'
import { parseProcessForm, ProcessActionSchema, StepFieldsSchema, VERDICTS, type Verdict } from '~/schemas/process'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { FieldErrors, FormValues } from '~/utils/validation'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.process.name} · Specwright` : 'Specwright' }]

function viewOf(url: URL): DiagramView {
  return url.searchParams.get('view') === 'to-be' ? 'to-be' : 'as-is'
}

// One process with its steps and the requirements each step gave rise to; departments only
// for someone who may edit (they fill the department select).
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'process.view')
  const { t } = await requestI18n(request)
  const proc = await getProcess(db, project.id, params.processId)
  invariantResponse(proc, t('processes.notFound'), 404)
  const canEdit = can(membership.role, 'process.edit', project.archivedAt !== null)
  const url = new URL(request.url)
  const departments = canEdit ? await listDepartments(db, project.id) : []
  return {
    slug: project.slug,
    process: {
      id: proc.id,
      name: proc.name,
      description: proc.description,
      version: proc.version,
      department: proc.department,
      steps: proc.steps.map((s) => ({
        ...s,
        updatedAt: s.updatedAt.toISOString(),
      })),
    },
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    view: viewOf(url),
    insertAfter: url.searchParams.get('after'),
    canEdit,
  }
}

type ActionResult = {
  intent: string
  stepId: string | null
  errors: FieldErrors
  values: FormValues | null
  formError: string | null
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'process.edit')
  const { t, locale } = await requestI18n(request)
  const form = await readForm(request)
  const processId = params.processId
  const url = new URL(request.url)
  const here = `/p/${project.slug}/processes/${processId}${viewOf(url) === 'to-be' ? '?view=to-be' : ''}`
  const intent = String(form.get('intent') ?? '')
  const stepIdField = form.get('stepId')
  const fail = (result: Partial<ActionResult>, status = 400) =>
    data<ActionResult>(
      {
        intent,
        stepId: typeof stepIdField === 'string' ? stepIdField : null,
        errors: {},
        values: null,
        formError: null,
        ...result,
      },
      { status },
    )
  const failure = (f: Failure) => {
    switch (f.error) {
      case 'not_found':
        return fail({ formError: t('errors.notFoundItem') }, 404)
      case 'department':
        return fail({ errors: { departmentId: t('processes.badDepartment') } })
      case 'stale':
        return fail(
          {
            formError:
              f.changedBy && f.changedAt
                ? t('processes.stale', {
                    name: f.changedBy,
                    time: formatDateTime(f.changedAt, locale),
                  })
                : t('processes.staleUnknown'),
          },
          409,
        )
      case 'requirement_not_found':
        return fail({
          errors: {
            code: t('processes.requirementNotFound', {
              code: String(form.get('code') ?? '')
                .trim()
                .toUpperCase(),
            }),
          },
        })
      case 'already_linked':
        return fail({
          errors: {
            code: t('processes.alreadyLinked', {
              code: String(form.get('code') ?? '')
                .trim()
                .toUpperCase(),
            }),
          },
        })
    }
  }

  const parsed = parseProcessForm(ProcessActionSchema, form, t)
  if (!parsed.ok) {
    // A hidden field (version, step id, direction) that does not parse is not the user's typing: say so at the top.
    const shown = new Set(['name', 'departmentId', 'description', 'code'])
    const hiddenBroken = Object.keys(parsed.errors).some((k) => !shown.has(k))
    return fail({ errors: parsed.errors, values: parsed.values, formError: hiddenBroken ? t('errors.notFoundItem') : null })
  }
  const input = parsed.value

  // A step form carries the step's fields besides the intent: validated on their own.
  const stepFields = () => parseProcessForm(StepFieldsSchema, form, t)

  switch (input.intent) {
    case 'update-process': {
      const { intent: _i, ...fields } = input
      const saved = await updateProcess(db, user.id, project.id, processId, fields)
      if (!saved.ok) return failure(saved)
      return redirectWithToast(here, {
        type: 'success',
        message: t('processes.saved'),
      })
    }
    case 'delete-process': {
      const deleted = await deleteProcess(db, user.id, project.id, processId)
      invariantResponse(deleted.ok, t('errors.notFoundItem'), 404)
      return redirectWithToast(`/p/${project.slug}/processes`, {
        type: 'success',
        message: t('processes.deleted'),
      })
    }
    case 'add-step': {
      const fields = stepFields()
      if (!fields.ok) return fail({ errors: fields.errors, values: fields.values })
      const added = await addStep(db, user.id, project.id, processId, input.afterStepId, fields.value)
      if (!added.ok) return failure(added)
      return redirectWithToast(`${here}#step-${added.id}`, {
        type: 'success',
        message: t('processes.stepAdded'),
      })
    }
    case 'update-step': {
      const fields = stepFields()
      if (!fields.ok) return fail({ errors: fields.errors, values: fields.values })
      const saved = await updateStep(db, user.id, project.id, input.stepId, fields.value, input.updatedAt || undefined)
      if (!saved.ok) return failure(saved)
      return redirectWithToast(`${here}#step-${input.stepId}`, {
        type: 'success',
        message: t('processes.stepSaved'),
      })
    }
    case 'delete-step': {
      const deleted = await deleteStep(db, user.id, project.id, input.stepId)
      if (!deleted.ok) return failure(deleted)
      return redirectWithToast(here, {
        type: 'success',
        message: t('processes.stepDeleted'),
      })
    }
    case 'move-step': {
      const moved = await moveStep(db, user.id, project.id, input.stepId, input.direction)
      if (!moved.ok) return failure(moved)
      return redirectWithToast(`${here}#step-${input.stepId}`, {
        type: 'success',
        message: t('processes.stepMoved'),
      })
    }
    case 'link-requirement': {
      const linked = await linkStepRequirement(db, user.id, project.id, input.stepId, input.code)
      if (!linked.ok) return failure(linked)
      return redirectWithToast(`${here}#step-${input.stepId}`, {
        type: 'success',
        message: t('processes.linked', { code: input.code }),
      })
    }
    case 'unlink-requirement': {
      const unlinked = await unlinkStepRequirement(db, user.id, project.id, input.stepId, input.requirementId)
      if (!unlinked.ok) return failure(unlinked)
      return redirectWithToast(`${here}#step-${input.stepId}`, {
        type: 'success',
        message: t('processes.unlinked'),
      })
    }
  }
}

type LoaderData = Awaited<ReturnType<typeof loader>>
type Step = LoaderData['process']['steps'][number]

const VERDICT_TONE: Record<Verdict, 'slate' | 'amber' | 'blue' | 'red'> = {
  keep: 'slate',
  simplify: 'amber',
  automate: 'blue',
  remove: 'red',
}

function verdictOf(step: { verdict: string }): Verdict {
  return (VERDICTS as readonly string[]).includes(step.verdict) ? (step.verdict as Verdict) : 'keep'
}

export default function ProcessPage() {
  const { t, locale } = useI18n()
  const { slug, process: proc, departments, view, insertAfter, canEdit } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const steps = proc.steps
  const counts = { keep: 0, simplify: 0, automate: 0, remove: 0 } as Record<Verdict, number>
  for (const s of steps) counts[verdictOf(s)]++
  const base = `/p/${slug}/processes/${proc.id}`
  const stepQuery = (after: string) => `${view === 'to-be' ? '?view=to-be&' : '?'}after=${after}#add-step`
  const resultFor = (intent: string, stepId: string | null = null) =>
    result && result.intent === intent && (stepId === null || result.stepId === stepId) ? result : undefined

  return (
    <div className="space-y-6">
      <p className="no-print text-sm">
        <Link to={`/p/${slug}/processes`} className="text-accent-700 hover:underline">
          ← {t('processes.backToList')}
        </Link>
      </p>
      <PageHeader
        title={proc.name}
        description={
          <>
            <span className="font-medium text-slate-700">{proc.department?.name ?? t('processes.noDepartment')}</span>
            {proc.description ? <span className="mt-1 block whitespace-pre-line">{proc.description}</span> : null}
          </>
        }
      />
      {result?.formError && !['update-process', 'update-step'].includes(result.intent) ? <FormError message={result.formError} /> : null}

      <Panel
        title={t('processes.diagramTitle')}
        actions={
          <nav aria-label={t('processes.views')} className="no-print inline-flex rounded-md border border-slate-300 text-sm">
            {(['as-is', 'to-be'] as const).map((v, i) => (
              <Link
                key={v}
                to={v === 'to-be' ? '?view=to-be' : '?view=as-is'}
                preventScrollReset
                aria-current={view === v ? 'page' : undefined}
                className={`px-3 py-1.5 ${i === 0 ? 'rounded-l-md' : 'rounded-r-md border-l border-slate-300'} ${
                  view === v ? 'bg-accent-50 font-medium text-accent-800' : 'text-slate-700 hover:bg-slate-100'
                }`}
              >
                {t(`processes.view.${v}`)}
              </Link>
            ))}
          </nav>
        }
      >
        {steps.length > 0 ? (
          <p className="mb-3 text-sm text-slate-600">
            {view === 'to-be'
              ? t('processes.toBeSummary', {
                  count: steps.length,
                  remain: steps.length - counts.remove,
                  simplify: counts.simplify,
                  automate: counts.automate,
                  remove: counts.remove,
                })
              : t('processes.asIsSummary', { count: steps.length })}
          </p>
        ) : null}
        <ProcessDiagram steps={steps} view={view} locale={locale} />
      </Panel>

      {/* With no steps the diagram says what to do; the add form follows right below it. */}
      {steps.length > 0 ? (
        <Panel title={t('processes.stepsTitle', { count: steps.length })}>
          <ol className="divide-y divide-slate-200">
            {steps.map((s, i) => (
              <StepRow
                key={s.id}
                step={s}
                index={i}
                last={i === steps.length - 1}
                slug={slug}
                canEdit={canEdit}
                busy={busy}
                insertAfterHref={`${base}${stepQuery(s.id)}`}
                saveResult={resultFor('update-step', s.id)}
                linkResult={resultFor('link-requirement', s.id)}
              />
            ))}
          </ol>
        </Panel>
      ) : null}

      {canEdit ? (
        <div id="add-step" className="scroll-mt-4">
          <Panel title={t('processes.addStep')}>
            <AddStepForm steps={steps} insertAfter={insertAfter} result={resultFor('add-step')} busy={busy} />
          </Panel>
        </div>
      ) : null}

      {canEdit ? (
        <Panel title={t('processes.detailsTitle')}>
          <ProcessDetailsForm process={proc} departments={departments} result={resultFor('update-process')} busy={busy} />
          <Form
            method="post"
            className="mt-6 border-t border-slate-100 pt-4"
            onSubmit={(e) => {
              if (!confirm(t('processes.confirmDelete', { name: proc.name }))) e.preventDefault()
            }}
          >
            <p className="mb-2 text-sm text-slate-600">{t('processes.deleteHint')}</p>
            <Button type="submit" name="intent" value="delete-process" variant="danger">
              {t('processes.deleteProcess')}
            </Button>
          </Form>
        </Panel>
      ) : null}
    </div>
  )
}

function fieldValue(result: ActionResult | undefined, name: string): string | undefined {
  const v = result?.values?.[name]
  return typeof v === 'string' ? v : undefined
}

/** A label-above field sized for a dense row of several fields. */
function Compact({
  label,
  error,
  className = '',
  children,
}: {
  label: string
  error?: string
  className?: string
  children: (id: string, describedBy?: string) => ReactNode
}) {
  const id = useId()
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id, error ? `${id}-error` : undefined)}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-0.5 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  )
}

const COMPACT = 'mt-0.5 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-500'

function StepFields({ t, step, result }: { t: T; step?: Partial<Step>; result?: ActionResult }) {
  const e = result?.errors ?? {}
  const v = (name: keyof Step & string) => fieldValue(result, name) ?? (step?.[name] as string | undefined) ?? ''
  const verdict = v('verdict') || 'keep'
  const input =
    (name: keyof Step & string, max: number, extra: Record<string, unknown> = {}) =>
    (id: string, describedBy?: string) => (
      <input
        id={id}
        name={name}
        defaultValue={v(name)}
        maxLength={max}
        className={COMPACT}
        aria-invalid={e[name] ? true : undefined}
        aria-describedby={describedBy}
        {...extra}
      />
    )
  return (
    <div className="grid gap-x-3 gap-y-2 sm:grid-cols-12">
      <Compact label={t('processes.field.title')} error={e.title} className="sm:col-span-5">
        {input('title', 200, { required: true })}
      </Compact>
      <Compact label={t('processes.field.actor')} error={e.actor} className="sm:col-span-3">
        {input('actor', 120, {
          placeholder: t('processes.field.actorPlaceholder'),
        })}
      </Compact>
      <Compact label={t('processes.field.tool')} error={e.tool} className="sm:col-span-2">
        {input('tool', 120, {
          placeholder: t('processes.field.toolPlaceholder'),
        })}
      </Compact>
      <Compact label={t('processes.field.duration')} error={e.duration} className="sm:col-span-2">
        {input('duration', 60, {
          placeholder: t('processes.field.durationPlaceholder'),
        })}
      </Compact>
      <Compact label={t('processes.field.action')} error={e.action} className="sm:col-span-5">
        {(id, describedBy) => (
          <textarea
            id={id}
            name="action"
            rows={2}
            maxLength={2000}
            defaultValue={v('action')}
            className={COMPACT}
            aria-invalid={e.action ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </Compact>
      <Compact label={t('processes.field.verdict')} error={e.verdict} className="sm:col-span-2">
        {(id, describedBy) => (
          <select
            id={id}
            name="verdict"
            defaultValue={verdict}
            className={COMPACT}
            aria-invalid={e.verdict ? true : undefined}
            aria-describedby={describedBy}
          >
            {VERDICTS.map((x) => (
              <option key={x} value={x}>
                {t(`processes.verdict.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Compact>
      <Compact label={t('processes.field.reason')} error={e.verdictReason} className="sm:col-span-5">
        {(id, describedBy) => (
          <textarea
            id={id}
            name="verdictReason"
            rows={2}
            maxLength={1000}
            defaultValue={v('verdictReason')}
            placeholder={t('processes.field.reasonPlaceholder')}
            className={COMPACT}
            aria-invalid={e.verdictReason ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </Compact>
    </div>
  )
}

function StepRow({
  step,
  index,
  last,
  slug,
  canEdit,
  busy,
  insertAfterHref,
  saveResult,
  linkResult,
}: {
  step: Step
  index: number
  last: boolean
  slug: string
  canEdit: boolean
  busy: boolean
  insertAfterHref: string
  saveResult?: ActionResult
  linkResult?: ActionResult
}) {
  const { t } = useI18n()
  const verdict = verdictOf(step)
  const n = index + 1
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="stepId" value={step.id} />
    </>
  )
  return (
    <li id={`step-${step.id}`} className="scroll-mt-4 py-4 first:pt-0 last:pb-0">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <span className="inline-flex h-6 min-w-6 items-center justify-center rounded bg-slate-100 px-1 text-xs font-semibold tabular-nums text-slate-700">
          {n}
        </span>
        <h3 className={`font-medium ${verdict === 'remove' ? 'text-slate-500 line-through' : ''}`}>{step.title}</h3>
        <Badge tone={VERDICT_TONE[verdict]}>{t(`processes.verdict.${verdict}`)}</Badge>
        {canEdit ? (
          <div className="ml-auto flex flex-wrap gap-1">
            <Form method="post" preventScrollReset>
              {hidden('move-step')}
              <input type="hidden" name="direction" value="up" />
              <Button type="submit" size="sm" variant="ghost" disabled={index === 0 || busy} aria-label={t('processes.moveStepUp', { n })}>
                ↑ {t('processes.moveUp')}
              </Button>
            </Form>
            <Form method="post" preventScrollReset>
              {hidden('move-step')}
              <input type="hidden" name="direction" value="down" />
              <Button type="submit" size="sm" variant="ghost" disabled={last || busy} aria-label={t('processes.moveStepDown', { n })}>
                ↓ {t('processes.moveDown')}
              </Button>
            </Form>
            <Link to={insertAfterHref} className={buttonClass('ghost', 'sm')} aria-label={t('processes.insertAfterOf', { n })}>
              + {t('processes.insertAfter')}
            </Link>
            <Form
              method="post"
              preventScrollReset
              onSubmit={(e) => {
                if (!confirm(t('processes.confirmDeleteStep', { n, title: step.title }))) e.preventDefault()
              }}
            >
              {hidden('delete-step')}
              <Button type="submit" size="sm" variant="danger" aria-label={t('processes.deleteStepOf', { n })}>
                {t('common.delete')}
              </Button>
            </Form>
          </div>
        ) : null}
      </div>

      {canEdit ? (
        // Keyed by updatedAt: after a save the fields show what was stored; after a refused save they keep what was typed.
        <Form key={step.updatedAt} method="post" preventScrollReset noValidate className="space-y-2" aria-label={t('processes.stepFormOf', { n })}>
          {hidden('update-step')}
          <input type="hidden" name="updatedAt" value={step.updatedAt} />
          {saveResult?.formError ? <FormError message={saveResult.formError} /> : null}
          <StepFields t={t} step={step} result={saveResult} />
          <div className="flex justify-end">
            <Button type="submit" size="sm" variant="primary" disabled={busy} aria-label={t('processes.saveStepOf', { n })}>
              {t('processes.saveStep')}
            </Button>
          </div>
        </Form>
      ) : (
        <StepReadOnly step={step} />
      )}

      <div className="mt-2 flex flex-wrap items-start gap-x-3 gap-y-2 text-sm">
        <span className="pt-1 text-xs font-medium text-slate-600">{t('processes.requirements')}</span>
        {step.requirements.length === 0 ? <span className="pt-0.5 text-slate-500">{t('processes.noRequirements')}</span> : null}
        <ul className="contents">
          {step.requirements.map((r) => (
            <li key={r.id} className="inline-flex max-w-md items-center gap-1.5 rounded border border-slate-200 bg-slate-50 py-0.5 pl-2 pr-1">
              <Link to={`/p/${slug}/requirements/${r.code}`} className="truncate text-accent-700 hover:underline">
                <span className="font-mono text-xs font-semibold">{r.code}</span> {r.title}
              </Link>
              {canEdit ? (
                <Form method="post" preventScrollReset>
                  {hidden('unlink-requirement')}
                  <input type="hidden" name="requirementId" value={r.id} />
                  <button
                    type="submit"
                    className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900"
                    aria-label={t('processes.unlinkOf', { code: r.code, n })}
                    title={t('processes.unlink')}
                  >
                    ×
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <>
            {/* Keyed by the number of links: after a successful link the code field is empty again. */}
            <Form key={step.requirements.length} method="post" preventScrollReset noValidate>
              {hidden('link-requirement')}
              <div className="flex items-center gap-1.5">
                <input
                  name="code"
                  size={9}
                  maxLength={40}
                  placeholder="FR-012"
                  defaultValue={fieldValue(linkResult, 'code')}
                  aria-label={t('processes.linkCodeOf', { n })}
                  aria-invalid={linkResult?.errors.code ? true : undefined}
                  aria-describedby={linkResult?.errors.code ? `link-error-${step.id}` : undefined}
                  className="rounded-md border border-slate-300 px-2 py-0.5 font-mono text-xs aria-[invalid=true]:border-red-500"
                />
                <Button type="submit" size="sm" variant="secondary" className="!py-0.5">
                  {t('processes.link')}
                </Button>
              </div>
              {linkResult?.errors.code ? (
                <p id={`link-error-${step.id}`} role="alert" className="mt-0.5 text-xs text-red-700">
                  {linkResult.errors.code}
                </p>
              ) : null}
            </Form>
            <Link to={`/p/${slug}/requirements/new?step=${step.id}`} className="pt-0.5 text-accent-700 hover:underline">
              + {t('processes.newRequirement')}
            </Link>
          </>
        ) : null}
      </div>
    </li>
  )
}

function StepReadOnly({ step }: { step: Step }) {
  const { t } = useI18n()
  const rows: [string, string][] = [
    [t('processes.field.actor'), step.actor],
    [t('processes.field.tool'), step.tool],
    [t('processes.field.duration'), step.duration],
    [t('processes.field.action'), step.action],
    [t('processes.field.reason'), step.verdictReason],
  ]
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="whitespace-pre-line">{value}</dd>
          </div>
        ))}
    </dl>
  )
}

function AddStepForm({ steps, insertAfter, result, busy }: { steps: Step[]; insertAfter: string | null; result?: ActionResult; busy: boolean }) {
  const { t } = useI18n()
  const after = fieldValue(result, 'afterStepId') ?? (insertAfter && steps.some((s) => s.id === insertAfter) ? insertAfter : '')
  return (
    // Keyed by the step count and the chosen place: after an add, the form is empty again.
    <Form key={`${steps.length}-${insertAfter ?? ''}`} method="post" noValidate className="space-y-3">
      <input type="hidden" name="intent" value="add-step" />
      {result?.formError ? <FormError message={result.formError} /> : null}
      <StepFields t={t} step={{ verdict: 'keep' }} result={result} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-full sm:w-96">
          <SelectField
            label={t('processes.position')}
            name="afterStepId"
            defaultValue={after}
            options={[
              { value: '', label: t('processes.atEnd') },
              ...steps.map((s, i) => ({
                value: s.id,
                label: t('processes.afterStep', { n: i + 1, title: s.title }),
              })),
            ]}
          />
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          {t('processes.addStep')}
        </Button>
      </div>
    </Form>
  )
}

function ProcessDetailsForm({
  process: proc,
  departments,
  result,
  busy,
}: {
  process: LoaderData['process']
  departments: { id: string; name: string }[]
  result?: ActionResult
  busy: boolean
}) {
  const { t } = useI18n()
  const e = result?.errors ?? {}
  return (
    <Form key={proc.version} method="post" noValidate className="space-y-4">
      <input type="hidden" name="intent" value="update-process" />
      <input type="hidden" name="version" value={proc.version} />
      {result?.formError ? <FormError message={result.formError} /> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_16rem]">
        <TextField
          label={t('processes.name')}
          name="name"
          required
          maxLength={160}
          defaultValue={fieldValue(result, 'name') ?? proc.name}
          error={e.name}
        />
        <SelectField
          label={t('processes.department')}
          name="departmentId"
          defaultValue={fieldValue(result, 'departmentId') ?? proc.department?.id ?? ''}
          options={[{ value: '', label: t('processes.noDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
          error={e.departmentId}
        />
      </div>
      <TextAreaField
        label={t('processes.description')}
        name="description"
        rows={3}
        maxLength={4000}
        defaultValue={fieldValue(result, 'description') ?? proc.description}
        error={e.description}
      />
      <Button type="submit" variant="primary" disabled={busy}>
        {t('common.save')}
      </Button>
    </Form>
  )
}
