import { useCallback, useState } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from 'react-router'
import type { Route } from './+types/interview'
import { RichTextEditor, richTextContentClass, type RichTextSelection } from '~/components/rich-text-editor'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextField } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { formatDate, formatDateTime, useI18n, useT, type T } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { createHighlight, deleteHighlight, deleteInterview, getInterview, saveInterview } from '~/models/interview.server'
import { listMembers } from '~/models/member.server'
import { answerFields, INTERVIEW_STATUSES, InterviewActionSchema } from '~/schemas/interview'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { renderRichTextHtml, type RichTextErrorCode } from '~/utils/rich-text'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

const STATUS_TONE = { planned: 'blue', done: 'green', cancelled: 'slate' } as const

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'interview.view')
  const { t } = await requestI18n(request)
  const canEdit = can(membership.role, 'interview.edit', project.archivedAt !== null)
  const interview = await getInterview(db, project.id, params.interviewId)
  invariantResponse(interview, t('errors.notFoundItem'), 404)
  const [departments, members] = await Promise.all([
    listDepartments(db, project.id),
    canEdit ? listMembers(db, project.id) : Promise.resolve([]),
  ])
  // Editors get the JSON for the editor; readers get server-rendered HTML only.
  const body = (json: string) => (canEdit ? { content: json, html: null } : { content: null, html: renderRichTextHtml(JSON.parse(json)) })
  return {
    interview: {
      id: interview.id,
      intervieweeName: interview.intervieweeName,
      intervieweePosition: interview.intervieweePosition,
      departmentId: interview.departmentId,
      interviewerId: interview.interviewerId,
      date: interview.date ? interview.date.toISOString().slice(0, 10) : '',
      status: interview.status,
      version: interview.version,
      guide: interview.guide,
      interviewerName: interview.interviewer?.name ?? null,
      // hasText: only stored text can be quoted, so the "from selection" control needs some.
      notes: { ...body(interview.notes), hasText: interview.notesText.trim() !== '' },
      answers: interview.answers.map((a) => ({
        id: a.id,
        position: a.position,
        question: a.question,
        hasText: a.contentText.trim() !== '',
        ...body(a.content),
      })),
      highlights: interview.highlights.map((h) => ({
        id: h.id,
        answerId: h.answerId,
        quote: h.quote,
        startOffset: h.startOffset,
        endOffset: h.endOffset,
        createdAt: h.createdAt,
        createdBy: h.createdBy?.name ?? null,
        requirements: h.sources.map((s) => s.requirement),
      })),
    },
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    interviewers: members
      .filter((m) => m.role !== 'vendor' && m.role !== 'observer')
      .map((m) => ({ id: m.user.id, name: m.user.name })),
    canEdit,
    slug: project.slug,
  }
}

type ActionResult = { intent: string; errors: FieldErrors; formError: string | null; source?: string }

function richTextMessage(t: T, code: RichTextErrorCode, detail?: string) {
  return t(`interviews.richText.${code}`, { detail: detail ?? '' })
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'interview.edit')
  const { t, locale } = await requestI18n(request)
  const form = await readForm(request)
  const parsed = parseWith(InterviewActionSchema, form, t)
  const fail = (result: Partial<ActionResult>, status = 400) =>
    data({ intent: String(form.get('intent')), errors: {}, formError: null, ...result } satisfies ActionResult, { status })
  if (!parsed.ok) return fail({ errors: parsed.errors, formError: t('errors.checkFields') })
  const input = parsed.value
  const interviewId = params.interviewId
  const back = `/p/${project.slug}/interviews/${interviewId}`

  switch (input.intent) {
    case 'save': {
      const answers = answerFields(form)
      const result = await saveInterview(db, user.id, project.id, interviewId, {
        intervieweeName: input.intervieweeName,
        intervieweePosition: input.intervieweePosition,
        departmentId: input.departmentId,
        interviewerId: input.interviewerId,
        date: input.date,
        status: input.status,
        version: input.version,
        answers,
        notes: input.notes,
      })
      if (result.ok) return redirectWithToast(back, { type: 'success', message: t('interviews.saved') })
      switch (result.error) {
        case 'missing':
          invariantResponse(false, t('errors.notFoundItem'), 404)
          break
        case 'stale': {
          const when = formatDateTime(result.updatedAt, locale)
          const message = result.updatedBy ? t('interviews.staleBy', { who: result.updatedBy, when }) : t('interviews.stale', { when })
          return fail({ formError: message }, 409)
        }
        case 'answer': {
          const message = t('interviews.answerInvalid', { n: result.position ?? '?', reason: richTextMessage(t, result.code, result.detail) })
          return fail({ errors: { [`answer.${result.answerId}`]: message }, formError: message })
        }
        case 'notes': {
          const message = t('interviews.notesInvalid', { reason: richTextMessage(t, result.code, result.detail) })
          return fail({ errors: { notes: message }, formError: message })
        }
        default: {
          const field = { department: 'departmentId', interviewer: 'interviewerId', member: 'intervieweeName', guide: 'guideId' }[result.error]
          return fail({ errors: { [field]: t('interviews.notInProject') }, formError: t('errors.checkFields') })
        }
      }
      break
    }
    case 'highlight': {
      const result = await createHighlight(db, user.id, project.id, {
        interviewId,
        answerId: input.answerId,
        startOffset: input.startOffset,
        endOffset: input.endOffset,
        quote: input.quote,
      })
      const source = input.answerId ?? 'notes'
      if ('id' in result) return redirectWithToast(`/p/${project.slug}/requirements/new?highlight=${result.id}`, { type: 'info', message: t('interviews.highlightCreated') })
      if (result.error === 'missing') invariantResponse(false, t('errors.notFoundItem'), 404)
      return fail({ source, formError: result.error === 'mismatch' ? t('interviews.saveFirst') : t('interviews.selectionEmpty') }, 409)
    }
    case 'delete-highlight': {
      const result = await deleteHighlight(db, user.id, project.id, input.highlightId)
      invariantResponse(result, t('errors.notFoundItem'), 404)
      if ('error' in result) return fail({ formError: t('interviews.highlightCited') }, 409)
      return redirectWithToast(back, { type: 'success', message: t('interviews.highlightDeleted') })
    }
    case 'delete-interview':
      invariantResponse(await deleteInterview(db, user.id, project.id, interviewId), t('errors.notFoundItem'), 404)
      return redirectWithToast(`/p/${project.slug}/interviews`, { type: 'success', message: t('interviews.deleted') })
  }
}

type LoaderData = Awaited<ReturnType<typeof loader>>
type Highlight = LoaderData['interview']['highlights'][number]
type Selected = RichTextSelection & { source: string }

export default function InterviewPage() {
  const { t, locale } = useI18n()
  const { interview, departments, canEdit, slug } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const errors = result?.intent === 'save' ? result.errors : undefined
  const department = departments.find((d) => d.id === interview.departmentId)
  const bySource = (answerId: string | null) => interview.highlights.filter((h) => h.answerId === answerId)

  return (
    <div className="max-w-4xl space-y-6">
      <nav aria-label={t('interviews.breadcrumb')} className="text-sm">
        <Link to={`/p/${slug}/interviews`} className="text-accent-700 hover:underline">
          ← {t('stages.interviews.title')}
        </Link>
      </nav>
      <PageHeader
        title={interview.intervieweeName}
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            {[
              interview.intervieweePosition,
              department?.name,
              interview.date ? formatDate(interview.date, locale) : null,
              interview.interviewerName ? t('interviews.interviewedBy', { name: interview.interviewerName }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
            <Badge tone={STATUS_TONE[interview.status as keyof typeof STATUS_TONE] ?? 'slate'}>{t(`interviews.statuses.${interview.status}`)}</Badge>
            {interview.guide ? (
              <Link to={`/p/${slug}/interviews/guides/${interview.guide.id}`} className="text-accent-700 hover:underline">
                {interview.guide.title}
              </Link>
            ) : null}
          </span>
        }
      />
      {result?.formError ? <FormError message={result.formError} /> : null}
      {/* Keyed by version: a successful save re-mounts with the stored text; a refused one keeps what was typed. */}
      {canEdit ? <EditForm key={interview.version} errors={errors} /> : <ReadOnly bySource={bySource} />}
      {canEdit ? (
        <Panel title={t('interviews.deleteTitle')}>
          <p className="mb-3 text-sm text-slate-700">{t('interviews.deleteHint')}</p>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t('interviews.deleteConfirm'))) event.preventDefault()
            }}
          >
            <Button type="submit" name="intent" value="delete-interview" variant="danger" disabled={busy}>
              {t('interviews.delete')}
            </Button>
          </Form>
        </Panel>
      ) : null}
    </div>
  )
}

function EditForm({ errors }: { errors?: FieldErrors }) {
  const t = useT()
  const { interview, departments, interviewers } = useLoaderData<typeof loader>()
  const busy = useNavigation().state !== 'idle'
  // The version this form was loaded with; a save based on it is refused if someone saved since.
  const [version] = useState(interview.version)
  const [selected, setSelected] = useState<Selected | null>(null)
  const onSelection = useCallback(
    (source: string) => (selection: RichTextSelection | null) =>
      setSelected((current) => (selection ? { ...selection, source } : current?.source === source ? null : current)),
    [],
  )
  const bySource = (answerId: string | null) => interview.highlights.filter((h) => h.answerId === answerId)
  const marks = (answerId: string | null) =>
    bySource(answerId).map((h) => ({ id: h.id, startOffset: h.startOffset, endOffset: h.endOffset, quote: h.quote }))
  const interviewerOptions = [{ value: '', label: '—' }, ...interviewers.map((m) => ({ value: m.id, label: m.name }))]
  if (interview.interviewerId && !interviewers.some((m) => m.id === interview.interviewerId)) {
    interviewerOptions.push({ value: interview.interviewerId, label: t('interviews.formerMember') })
  }

  return (
    <Form method="post" className="space-y-6" noValidate>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={version} />
      <Panel title={t('interviews.details')}>
        <div className="grid gap-4 md:grid-cols-3">
          <TextField label={t('interviews.interviewee')} name="intervieweeName" defaultValue={interview.intervieweeName} required maxLength={200} error={errors?.intervieweeName} />
          <TextField label={t('interviews.position')} name="intervieweePosition" defaultValue={interview.intervieweePosition} maxLength={200} error={errors?.intervieweePosition} />
          <SelectField
            label={t('interviews.department')}
            name="departmentId"
            defaultValue={interview.departmentId ?? ''}
            error={errors?.departmentId}
            options={[{ value: '', label: t('interviews.noDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
          />
          <SelectField label={t('interviews.interviewer')} name="interviewerId" defaultValue={interview.interviewerId ?? ''} error={errors?.interviewerId} options={interviewerOptions} />
          <TextField label={t('interviews.date')} name="date" type="date" defaultValue={interview.date} error={errors?.date} />
          <SelectField
            label={t('interviews.status')}
            name="status"
            defaultValue={interview.status}
            error={errors?.status}
            options={INTERVIEW_STATUSES.map((s) => ({ value: s, label: t(`interviews.statuses.${s}`) }))}
          />
        </div>
      </Panel>

      {interview.answers.length > 0 ? (
        <Panel title={t('interviews.answers')}>
          <p className="mb-4 text-sm text-slate-600">{t('interviews.highlightHint')}</p>
          <ol className="space-y-6">
            {interview.answers.map((a) => (
              <li key={a.id}>
                <RichTextEditor
                  name={`answer.${a.id}`}
                  label={
                    <>
                      <span className="tabular-nums text-slate-500">{a.position}.</span> {a.question}
                    </>
                  }
                  defaultValue={a.content}
                  error={errors?.[`answer.${a.id}`]}
                  marks={marks(a.id)}
                  onSelectionChange={onSelection(a.id)}
                />
                {a.hasText ? <SelectionBar source={a.id} answerId={a.id} selected={selected} /> : null}
                <HighlightCards highlights={bySource(a.id)} canEdit />
              </li>
            ))}
          </ol>
        </Panel>
      ) : null}

      <Panel title={t('interviews.notes')}>
        <RichTextEditor
          name="notes"
          label={<span className="sr-only">{t('interviews.notes')}</span>}
          defaultValue={interview.notes.content}
          error={errors?.notes}
          hint={interview.answers.length === 0 ? t('interviews.highlightHint') : undefined}
          marks={marks(null)}
          onSelectionChange={onSelection('notes')}
        />
        {interview.notes.hasText ? <SelectionBar source="notes" answerId={null} selected={selected} /> : null}
        <HighlightCards highlights={bySource(null)} canEdit />
      </Panel>

      <div className="sticky bottom-0 z-10 -mx-1 flex items-center gap-3 border-t border-slate-200 bg-white/95 px-1 py-3 backdrop-blur">
        <Button type="submit" variant="primary" disabled={busy}>
          {t('interviews.saveAll')}
        </Button>
        <span className="text-xs text-slate-500">{t('interviews.saveAllHint')}</span>
      </div>
    </Form>
  )
}

/** The "create requirement from selection" control under one answer (or the notes). */
function SelectionBar({ source, answerId, selected }: { source: string; answerId: string | null; selected: Selected | null }) {
  const t = useT()
  const submit = useSubmit()
  const busy = useNavigation().state !== 'idle'
  const mine = selected?.source === source ? selected : null
  const preview = mine ? (mine.text.length > 120 ? `${mine.text.slice(0, 117)}…` : mine.text) : null
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3">
      <Button
        size="sm"
        disabled={!mine || busy}
        onClick={() => {
          if (!mine) return
          submit(
            { intent: 'highlight', answerId: answerId ?? '', startOffset: String(mine.startOffset), endOffset: String(mine.endOffset), quote: mine.text },
            { method: 'post' },
          )
        }}
      >
        {t('interviews.fromSelection')}
      </Button>
      <span className="min-w-0 flex-1 truncate text-xs text-slate-500" aria-live="polite">
        {preview ? t('interviews.selected', { quote: preview }) : null}
      </span>
    </div>
  )
}

function HighlightCards({ highlights, canEdit }: { highlights: Highlight[]; canEdit: boolean }) {
  const { t, locale } = useI18n()
  const { slug } = useLoaderData<typeof loader>()
  const submit = useSubmit()
  if (highlights.length === 0) return null
  return (
    <ul className="mt-3 space-y-2" aria-label={t('interviews.highlightsOf')}>
      {highlights.map((h) => (
        <li
          key={h.id}
          id={`highlight-${h.id}`}
          className="scroll-mt-6 rounded-md border-l-4 border-amber-300 bg-amber-50/60 px-3 py-2 text-sm target:ring-2 target:ring-accent-600"
        >
          <blockquote className="whitespace-pre-line text-slate-800">{t('interviews.quoted', { text: h.quote })}</blockquote>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <span>
              {h.createdBy ?? t('interviews.someone')} · {formatDateTime(h.createdAt, locale)}
            </span>
            {h.requirements.length > 0 ? (
              <span className="flex flex-wrap gap-2">
                {h.requirements.map((r) => (
                  <Link key={r.code} to={`/p/${slug}/requirements/${r.code}`} className="text-accent-700 hover:underline">
                    <span className="font-mono">{r.code}</span> {r.title}
                  </Link>
                ))}
              </span>
            ) : (
              <>
                <span>{t('interviews.noRequirementYet')}</span>
                {canEdit ? (
                  <Link to={`/p/${slug}/requirements/new?highlight=${h.id}`} className="text-accent-700 hover:underline">
                    {t('interviews.createRequirement')}
                  </Link>
                ) : null}
                {canEdit ? (
                  <button
                    type="button"
                    className="text-red-700 hover:underline"
                    onClick={() => {
                      if (window.confirm(t('interviews.deleteHighlightConfirm'))) submit({ intent: 'delete-highlight', highlightId: h.id }, { method: 'post' })
                    }}
                  >
                    {t('interviews.deleteHighlight')}
                  </button>
                ) : null}
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  )
}

function ReadOnly({ bySource }: { bySource: (answerId: string | null) => Highlight[] }) {
  const t = useT()
  const { interview } = useLoaderData<typeof loader>()
  return (
    <>
      {interview.answers.length > 0 ? (
        <Panel title={t('interviews.answers')}>
          <ol className="space-y-6">
            {interview.answers.map((a) => (
              <li key={a.id}>
                <p className="text-sm font-medium text-slate-700">
                  <span className="tabular-nums text-slate-500">{a.position}.</span> {a.question}
                </p>
                {/* Server-rendered from validated JSON by renderRichTextHtml, which escapes all text. */}
                {a.hasText ? (
                  <div className={`mt-1 ${richTextContentClass}`} dangerouslySetInnerHTML={{ __html: a.html ?? '' }} />
                ) : (
                  <p className="mt-1 text-sm text-slate-500">{t('interviews.noAnswer')}</p>
                )}
                <HighlightCards highlights={bySource(a.id)} canEdit={false} />
              </li>
            ))}
          </ol>
        </Panel>
      ) : null}
      <Panel title={t('interviews.notes')}>
        {interview.notes.hasText ? (
          <div className={richTextContentClass} dangerouslySetInnerHTML={{ __html: interview.notes.html ?? '' }} />
        ) : (
          <p className="text-sm text-slate-500">{t('interviews.noNotes')}</p>
        )}
        <HighlightCards highlights={bySource(null)} canEdit={false} />
      </Panel>
    </>
  )
}
