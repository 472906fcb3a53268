import { data, Form, Link, useActionData, useLoaderData, useNavigation, useParams } from 'react-router'
import { useState } from 'react'
import type { Route } from './+types/interviews'
import { Button, buttonClass } from '~/components/ui/button'
import { FormError, SelectField, TextField } from '~/components/ui/field'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDate, useI18n, useT } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { listGuides } from '~/models/guide.server'
import { createInterview, departmentProgress, listInterviews } from '~/models/interview.server'
import { listMembers } from '~/models/member.server'
import { CreateInterviewSchema } from '~/schemas/interview'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

const STATUS_TONE = { planned: 'blue', done: 'green', cancelled: 'slate' } as const

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership, user } = await requireProjectPermission(request, params.slug, 'interview.view')
  const canEdit = can(membership.role, 'interview.edit', project.archivedAt !== null)
  const [interviews, progress, departments, members, guides] = await Promise.all([
    listInterviews(db, project.id),
    departmentProgress(db, project.id),
    listDepartments(db, project.id),
    // Members and guides feed only the "new interview" form.
    canEdit ? listMembers(db, project.id) : Promise.resolve([]),
    canEdit ? listGuides(db, project.id) : Promise.resolve([]),
  ])
  return {
    interviews,
    progress,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    members: members
      .filter((m) => m.role !== 'vendor' && m.role !== 'observer')
      .map((m) => ({ id: m.id, userId: m.user.id, name: m.user.name, departmentId: m.departmentId })),
    guides: guides.map((g) => ({ id: g.id, title: g.title, department: g.department, questions: g._count.questions })),
    canEdit,
    me: user.id,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'interview.edit')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const parsed = parseWith(CreateInterviewSchema, form, t)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const result = await createInterview(db, user.id, project.id, parsed.value)
  if ('error' in result) {
    const field = { department: 'departmentId', interviewer: 'interviewerId', member: 'intervieweeMemberId', guide: 'guideId' }[result.error]
    return data({ errors: { [field]: t('interviews.notInProject') } as FieldErrors }, { status: 400 })
  }
  return redirectWithToast(`/p/${project.slug}/interviews/${result.id}`, { type: 'success', message: t('interviews.created') })
}

export default function Interviews() {
  const { t, locale } = useI18n()
  const { interviews, progress, canEdit } = useLoaderData<typeof loader>()
  const base = useBase()
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('stages.interviews.title')}
        description={t('stages.interviews.purpose')}
        actions={
          <>
            <Link to={`${base}/interviews/guides`} className={buttonClass('secondary')}>
              {t('interviews.guides.title')}
            </Link>
            {canEdit ? (
              <a href="#new-interview" className={buttonClass('primary')}>
                {t('interviews.new')}
              </a>
            ) : null}
          </>
        }
      />

      <Panel title={t('interviews.progress.title')}>
        {progress.length === 0 ? (
          <p className="text-sm text-slate-600">{t('interviews.progress.empty')}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                columns={[
                  t('interviews.department'),
                  <span key="p" className="block text-right">{t('interviews.progress.planned')}</span>,
                  <span key="d" className="block text-right">{t('interviews.progress.done')}</span>,
                  <span key="r" className="block text-right">{t('interviews.progress.requirements')}</span>,
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {progress.map((row) => (
                  <tr key={row.departmentId ?? 'none'}>
                    <td className="py-2 pr-3">{row.name ?? <span className="text-slate-500">{t('interviews.noDepartment')}</span>}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{row.planned}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{row.done}</td>
                    <td className="py-2 text-right tabular-nums">{row.requirements}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel title={`${t('interviews.list')} (${interviews.length})`}>
        {interviews.length === 0 ? (
          <EmptyState title={t('stages.interviews.emptyTitle')}>{t('stages.interviews.empty')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                columns={[
                  t('interviews.interviewee'),
                  t('interviews.position'),
                  t('interviews.department'),
                  t('interviews.interviewer'),
                  t('interviews.date'),
                  t('interviews.status'),
                  <span key="h" className="block text-right">{t('interviews.highlights')}</span>,
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {interviews.map((i) => (
                  <tr key={i.id}>
                    <td className="py-2 pr-3">
                      <Link to={`${base}/interviews/${i.id}`} className="font-medium text-accent-700 hover:underline">
                        {i.intervieweeName}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{i.intervieweePosition}</td>
                    <td className="py-2 pr-3">{i.department?.name ?? '—'}</td>
                    <td className="py-2 pr-3">{i.interviewer?.name ?? '—'}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">{i.date ? formatDate(i.date, locale) : '—'}</td>
                    <td className="py-2 pr-3">
                      <Badge tone={STATUS_TONE[i.status as keyof typeof STATUS_TONE] ?? 'slate'}>{t(`interviews.statuses.${i.status}`)}</Badge>
                    </td>
                    <td className="py-2 text-right tabular-nums">{i._count.highlights}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      {canEdit ? <NewInterviewForm /> : null}
    </div>
  )
}

function useBase() {
  return `/p/${useParams().slug ?? ''}`
}

function NewInterviewForm() {
  const t = useT()
  const { departments, members, guides, me } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const errors = result?.errors
  const [memberId, setMemberId] = useState('')
  const [departmentId, setDepartmentId] = useState('')
  const chosen = members.find((m) => m.id === memberId)
  return (
    <Panel title={<span id="new-interview">{t('interviews.new')}</span>}>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="create" />
        {errors ? <FormError message={t('errors.checkFields')} /> : null}
        <div className="grid gap-4 md:grid-cols-3">
          <SelectField
            label={t('interviews.intervieweeMember')}
            name="intervieweeMemberId"
            value={memberId}
            onChange={(e) => {
              setMemberId(e.target.value)
              const m = members.find((x) => x.id === e.target.value)
              if (m?.departmentId) setDepartmentId(m.departmentId)
            }}
            error={errors?.intervieweeMemberId}
            hint={t('interviews.intervieweeMemberHint')}
            options={[{ value: '', label: t('interviews.notAMember') }, ...members.map((m) => ({ value: m.id, label: m.name }))]}
          />
          <TextField
            label={t('interviews.interviewee')}
            name="intervieweeName"
            key={chosen?.id ?? 'free'}
            defaultValue={chosen?.name ?? ''}
            maxLength={200}
            required={!chosen}
            error={errors?.intervieweeName}
          />
          <TextField label={t('interviews.position')} name="intervieweePosition" maxLength={200} error={errors?.intervieweePosition} />
          <SelectField
            label={t('interviews.department')}
            name="departmentId"
            value={departmentId}
            onChange={(e) => setDepartmentId(e.target.value)}
            error={errors?.departmentId}
            options={[{ value: '', label: t('interviews.noDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
          />
          <SelectField
            label={t('interviews.interviewer')}
            name="interviewerId"
            defaultValue={members.some((m) => m.userId === me) ? me : ''}
            error={errors?.interviewerId}
            options={[{ value: '', label: '—' }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
          />
          <TextField label={t('interviews.date')} name="date" type="date" error={errors?.date} />
          <SelectField
            label={t('interviews.guideLabel')}
            name="guideId"
            defaultValue=""
            error={errors?.guideId}
            hint={guides.length === 0 ? t('interviews.noGuidesHint') : t('interviews.guideHint')}
            options={[
              { value: '', label: t('interviews.noGuide') },
              ...guides.map((g) => ({ value: g.id, label: `${g.title} (${t('interviews.guides.questionCount', { count: g.questions })})` })),
            ]}
          />
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          {t('interviews.create')}
        </Button>
      </Form>
    </Panel>
  )
}

