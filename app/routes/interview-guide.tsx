import { useState } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/interview-guide'
import { Button } from '~/components/ui/button'
import { FormError, TextAreaField, TextField } from '~/components/ui/field'
import { PageHeader, Panel } from '~/components/ui/panel'
import { useT } from '~/i18n'
import {
  addGuideQuestion,
  deleteGuide,
  deleteGuideQuestion,
  getGuide,
  moveGuideQuestion,
  updateGuide,
  updateGuideQuestion,
} from '~/models/guide.server'
import { GuideActionSchema } from '~/schemas/interview'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'interview.view')
  const { t } = await requestI18n(request)
  const guide = await getGuide(db, project.id, params.guideId)
  invariantResponse(guide, t('errors.notFoundItem'), 404)
  return {
    guide: {
      id: guide.id,
      title: guide.title,
      department: guide.department,
      description: guide.description,
      questions: guide.questions,
      interviews: guide._count.interviews,
    },
    canManage: can(membership.role, 'guide.manage', project.archivedAt !== null),
    slug: project.slug,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'guide.manage')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const parsed = parseWith(GuideActionSchema, form, t)
  if (!parsed.ok) {
    return data({ intent: String(form.get('intent')), questionId: String(form.get('questionId') ?? ''), errors: parsed.errors }, { status: 400 })
  }
  const input = parsed.value
  const guideId = params.guideId
  const back = `/p/${project.slug}/interviews/guides/${guideId}`
  const found = (result: unknown) => invariantResponse(result, t('errors.notFoundItem'), 404)
  switch (input.intent) {
    case 'update-guide':
      found(await updateGuide(db, user.id, project.id, guideId, { title: input.title, department: input.department, description: input.description }))
      return redirectWithToast(back, { type: 'success', message: t('interviews.guide.saved') })
    case 'add-question':
      found(await addGuideQuestion(db, user.id, project.id, guideId, { section: input.section, text: input.text, hint: input.hint }))
      return redirectWithToast(back, { type: 'success', message: t('interviews.guide.questionAdded') })
    case 'update-question':
      found(await updateGuideQuestion(db, user.id, project.id, guideId, input.questionId, { section: input.section, text: input.text, hint: input.hint }))
      return redirectWithToast(back, { type: 'success', message: t('interviews.guide.questionSaved') })
    case 'delete-question':
      found(await deleteGuideQuestion(db, user.id, project.id, guideId, input.questionId))
      return redirectWithToast(back, { type: 'success', message: t('interviews.guide.questionDeleted') })
    case 'move-question':
      found(await moveGuideQuestion(db, user.id, project.id, guideId, input.questionId, input.direction))
      // No toast: moving is frequent and its effect is visible in place.
      return data({ intent: input.intent, questionId: input.questionId, errors: {} as FieldErrors })
    case 'delete-guide':
      found(await deleteGuide(db, user.id, project.id, guideId))
      return redirectWithToast(`/p/${project.slug}/interviews/guides`, { type: 'success', message: t('interviews.guide.deleted') })
  }
}

type Question = { id: string; position: number; section: string; text: string; hint: string }

export default function InterviewGuidePage() {
  const t = useT()
  const { guide, canManage, slug } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const headerErrors = result?.intent === 'update-guide' ? result.errors : undefined
  const addErrors = result?.intent === 'add-question' ? result.errors : undefined
  const lastSection = guide.questions.at(-1)?.section ?? ''

  return (
    <div className="max-w-4xl space-y-6">
      <nav aria-label={t('interviews.breadcrumb')} className="text-sm">
        <Link to={`/p/${slug}/interviews/guides`} className="text-accent-700 hover:underline">
          ← {t('interviews.guides.title')}
        </Link>
      </nav>
      <PageHeader
        title={guide.title}
        description={[guide.department, t('interviews.guides.questionCount', { count: guide.questions.length })].filter(Boolean).join(' · ')}
      />

      {canManage ? (
        <Panel title={t('interviews.guide.details')}>
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="update-guide" />
            {headerErrors ? <FormError message={t('errors.checkFields')} /> : null}
            <div className="grid gap-4 md:grid-cols-2">
              <TextField label={t('interviews.guides.guideTitle')} name="title" defaultValue={guide.title} required maxLength={200} error={headerErrors?.title} />
              <TextField label={t('interviews.department')} name="department" defaultValue={guide.department} maxLength={200} error={headerErrors?.department} />
            </div>
            <TextAreaField label={t('interviews.guide.description')} name="description" defaultValue={guide.description} maxLength={4000} error={headerErrors?.description} />
            <Button type="submit" variant="primary" disabled={busy}>
              {t('common.save')}
            </Button>
          </Form>
        </Panel>
      ) : guide.description ? (
        <p className="text-sm text-slate-700">{guide.description}</p>
      ) : null}

      <Panel title={t('interviews.guides.questions')}>
        {guide.interviews > 0 ? <p className="mb-3 text-xs text-slate-500">{t('interviews.guide.copiedNote', { count: guide.interviews })}</p> : null}
        <ol className="space-y-2">
          {guide.questions.map((q, i) => (
            <li key={q.id}>
              {q.section && q.section !== guide.questions[i - 1]?.section ? (
                <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-700">{q.section}</h3>
              ) : null}
              <QuestionRow
                // Re-keyed by content: a successful edit closes the row; a refused one keeps what was typed.
                key={`${q.section}\u0000${q.text}\u0000${q.hint}`}
                question={q}
                first={i === 0}
                last={i === guide.questions.length - 1}
                canManage={canManage}
                errors={result?.intent === 'update-question' && result.questionId === q.id ? result.errors : undefined}
              />
            </li>
          ))}
        </ol>
      </Panel>

      {canManage ? (
        <Panel title={t('interviews.guide.addQuestion')}>
          <Form method="post" className="space-y-4" noValidate key={guide.questions.length}>
            <input type="hidden" name="intent" value="add-question" />
            <QuestionFields defaults={{ section: lastSection, text: '', hint: '' }} errors={addErrors} />
            <Button type="submit" variant="primary" disabled={busy}>
              {t('interviews.guide.add')}
            </Button>
          </Form>
        </Panel>
      ) : null}

      {canManage ? (
        <Panel title={t('interviews.guide.deleteTitle')}>
          <p className="mb-3 text-sm text-slate-700">{t('interviews.guide.deleteHint')}</p>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t('interviews.guide.deleteConfirm'))) event.preventDefault()
            }}
          >
            <Button type="submit" name="intent" value="delete-guide" variant="danger">
              {t('interviews.guide.delete')}
            </Button>
          </Form>
        </Panel>
      ) : null}
    </div>
  )
}

function QuestionFields({ defaults, errors }: { defaults: Pick<Question, 'section' | 'text' | 'hint'>; errors?: FieldErrors }) {
  const t = useT()
  return (
    <>
      <TextField label={t('interviews.guide.section')} name="section" defaultValue={defaults.section} maxLength={200} error={errors?.section} />
      <TextAreaField label={t('interviews.guide.questionText')} name="text" defaultValue={defaults.text} required maxLength={2000} error={errors?.text} />
      <TextAreaField label={t('interviews.guide.hint')} name="hint" defaultValue={defaults.hint} rows={2} maxLength={2000} error={errors?.hint} />
    </>
  )
}

function QuestionRow({
  question,
  first,
  last,
  canManage,
  errors,
}: {
  question: Question
  first: boolean
  last: boolean
  canManage: boolean
  errors?: FieldErrors
}) {
  const t = useT()
  const [editing, setEditing] = useState(false)
  const busy = useNavigation().state === 'submitting'
  const open = editing
  const label = t('interviews.guide.questionNumber', { n: question.position })
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <div className="flex items-start gap-3">
        <span className="w-6 shrink-0 pt-0.5 text-right text-sm tabular-nums text-slate-500">{question.position}.</span>
        <div className="min-w-0 flex-1">
          <p className="text-sm text-slate-900">{question.text}</p>
          {question.hint ? <p className="mt-1 text-xs text-slate-500">{question.hint}</p> : null}
        </div>
        {canManage ? (
          <div className="flex shrink-0 items-center gap-1">
            <Form method="post" preventScrollReset className="flex gap-1">
              <input type="hidden" name="intent" value="move-question" />
              <input type="hidden" name="questionId" value={question.id} />
              <Button type="submit" name="direction" value="up" size="sm" variant="ghost" disabled={first || busy} aria-label={`${t('interviews.guide.moveUp')}: ${label}`}>
                ↑
              </Button>
              <Button type="submit" name="direction" value="down" size="sm" variant="ghost" disabled={last || busy} aria-label={`${t('interviews.guide.moveDown')}: ${label}`}>
                ↓
              </Button>
            </Form>
            <Button size="sm" variant="ghost" aria-expanded={open} aria-label={`${t('interviews.guide.edit')}: ${label}`} onClick={() => setEditing(!open)}>
              {t('interviews.guide.edit')}
            </Button>
            <Form
              method="post"
              preventScrollReset
              onSubmit={(event) => {
                if (!window.confirm(t('interviews.guide.deleteQuestionConfirm', { n: question.position }))) event.preventDefault()
              }}
            >
              <input type="hidden" name="intent" value="delete-question" />
              <input type="hidden" name="questionId" value={question.id} />
              <Button type="submit" size="sm" variant="ghost" className="text-red-700" aria-label={`${t('common.delete')}: ${label}`}>
                {t('common.delete')}
              </Button>
            </Form>
          </div>
        ) : null}
      </div>
      {canManage && open ? (
        <Form method="post" className="mt-3 space-y-3 border-t border-slate-100 pt-3" noValidate>
          <input type="hidden" name="intent" value="update-question" />
          <input type="hidden" name="questionId" value={question.id} />
          <QuestionFields defaults={question} errors={errors} />
          <div className="flex gap-2">
            <Button type="submit" variant="primary" size="sm" disabled={busy}>
              {t('common.save')}
            </Button>
            <Button size="sm" onClick={() => setEditing(false)}>
              {t('interviews.guide.cancel')}
            </Button>
          </div>
        </Form>
      ) : null}
    </div>
  )
}
