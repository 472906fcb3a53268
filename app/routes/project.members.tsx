import { useState } from 'react'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/project.members'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextField } from '~/components/ui/field'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDate, useI18n } from '~/i18n'
import { DepartmentNameTakenError, deleteDepartment, listDepartments, saveDepartment } from '~/models/department.server'
import { createInvitation, listOpenInvitations, revokeInvitation } from '~/models/invitation.server'
import { candidateOptions } from '~/models/candidate.server'
import { CandidateBindingError, LastLeadError, listMembers, removeMember, updateMember } from '~/models/member.server'
import { MembersActionSchema } from '~/schemas/project'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { sendInvitationMail } from '~/utils/mail.server'
import { can, PROJECT_ROLES } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'members.view')
  const canManage = can(membership.role, 'members.manage', project.archivedAt !== null)
  const [members, departments, invitations, candidates] = await Promise.all([
    listMembers(db, project.id),
    listDepartments(db, project.id),
    // Open invitations carry e-mail addresses of people not yet in the group: the lead's business.
    canManage ? listOpenInvitations(db, project.id) : Promise.resolve([]),
    // Candidate names fill the vendor binding select (vendors never reach this page: members.view).
    candidateOptions(db, project.id),
  ])
  return { members, departments, invitations, candidates, canManage, myMembershipId: membership.id }
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await readForm(request)
  const intent = form.get('intent')
  const needed = intent === 'save-department' || intent === 'delete-department' ? 'departments.manage' : 'members.manage'
  const { project, user } = await requireProjectPermission(request, params.slug, needed)
  const { t, locale } = await requestI18n(request)
  const parsed = parseWith(MembersActionSchema, form, t)
  if (!parsed.ok) return data({ intent: String(intent), errors: parsed.errors, formError: null, invite: null }, { status: 400 })
  const input = parsed.value
  const back = `/p/${project.slug}/members`
  const fail = (message: string, status = 400) =>
    data({ intent: input.intent, errors: {} as FieldErrors, formError: message, invite: null }, { status })

  switch (input.intent) {
    case 'invite': {
      const invitation = await createInvitation(db, user.id, project.id, { email: input.email, role: input.role })
      const link = new URL(`/invite/${invitation.token}`, publicOrigin(request)).toString()
      const mailed = await sendInvitationMail({ to: invitation.email, link, projectName: project.name, inviterName: user.name, locale })
      return data({
        intent: input.intent,
        errors: {} as FieldErrors,
        formError: null,
        invite: { link, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, mailed },
      })
    }
    case 'update-member':
      try {
        const done = await updateMember(db, user.id, project.id, input.memberId, {
          role: input.role,
          departmentId: input.departmentId,
          candidateId: input.role === 'vendor' ? input.candidateId : null,
          evaluator: input.evaluator === 'on',
        })
        invariantResponse(done, t('errors.notFoundItem'), 404)
      } catch (error) {
        if (error instanceof LastLeadError) return fail(t('members.lastLead'), 409)
        if (error instanceof CandidateBindingError) return fail(t(`candidates.binding.${error.reason}`))
        throw error
      }
      return redirectWithToast(back, { type: 'success', message: t('members.updated') })
    case 'remove-member':
      try {
        invariantResponse(await removeMember(db, user.id, project.id, input.memberId), t('errors.notFoundItem'), 404)
      } catch (error) {
        if (error instanceof LastLeadError) return fail(t('members.lastLead'), 409)
        throw error
      }
      return redirectWithToast(back, { type: 'success', message: t('members.removed') })
    case 'revoke-invitation':
      invariantResponse(await revokeInvitation(db, user.id, project.id, input.invitationId), t('errors.notFoundItem'), 404)
      return redirectWithToast(back, { type: 'success', message: t('members.invitationRevoked') })
    case 'save-department': {
      try {
        const result = await saveDepartment(db, user.id, project.id, input.departmentId, { name: input.name, headMemberId: input.headMemberId })
        if ('error' in result) return fail(result.error === 'head' ? t('departments.badHead') : t('errors.notFoundItem'))
      } catch (error) {
        if (error instanceof DepartmentNameTakenError) {
          return data({ intent: input.intent, errors: { name: t('departments.nameTaken') } as FieldErrors, formError: null, invite: null }, { status: 400 })
        }
        throw error
      }
      return redirectWithToast(back, { type: 'success', message: t('departments.saved') })
    }
    case 'delete-department':
      invariantResponse(await deleteDepartment(db, user.id, project.id, input.departmentId), t('errors.notFoundItem'), 404)
      return redirectWithToast(back, { type: 'success', message: t('departments.deleted') })
  }
}

function publicOrigin(request: Request): string {
  return process.env.PUBLIC_URL ?? new URL(request.url).origin
}

export default function Members() {
  const { t, locale } = useI18n()
  const { members, departments, invitations, candidates, canManage, myMembershipId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const roleOptions = PROJECT_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))
  const deptOptions = [{ value: '', label: t('members.noDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]
  const deptName = new Map(departments.map((d) => [d.id, d.name]))
  const candidateName = new Map(candidates.map((c) => [c.id, `${c.product} (${c.vendor})`]))
  // Roles chosen but not yet saved: the evaluation column follows them (candidate for a vendor, evaluator for a member).
  const [pendingRoles, setPendingRoles] = useState<Record<string, string>>({})

  return (
    <div className="space-y-6">
      <PageHeader title={t('members.title')} description={t('members.purpose')} />
      {result?.formError ? <FormError message={result.formError} /> : null}

      {canManage ? (
        <Panel title={t('members.invite')}>
          <Form method="post" className="grid items-end gap-3 sm:grid-cols-[1fr_14rem_auto]" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <TextField
              label={t('auth.email')}
              name="email"
              type="email"
              required
              error={result?.intent === 'invite' ? result.errors.email : undefined}
            />
            <SelectField label={t('members.role')} name="role" defaultValue="member" options={roleOptions} />
            <Button type="submit" variant="primary" disabled={busy}>
              {t('members.createInvitation')}
            </Button>
          </Form>
          {result?.invite ? <InviteLink invite={result.invite} /> : null}
        </Panel>
      ) : null}

      <Panel title={`${t('members.list')} (${members.length})`}>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead
              columns={[
                t('members.name'),
                t('auth.email'),
                t('members.role'),
                t('members.department'),
                t('candidates.member.column'),
                ...(canManage ? [<span key="actions" className="sr-only">{t('common.actions')}</span>] : []),
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => (
                <tr key={m.id}>
                  <td className="py-2 pr-3">
                    {m.user.name} {m.id === myMembershipId ? <Badge>{t('members.you')}</Badge> : null}
                  </td>
                  <td className="py-2 pr-3 text-slate-600">{m.user.email}</td>
                  {canManage ? (
                    <>
                      <td className="py-2 pr-3">
                        <select
                          form={`member-${m.id}`}
                          name="role"
                          defaultValue={m.role}
                          onChange={(e) => {
                            const role = e.currentTarget.value
                            setPendingRoles((r) => ({ ...r, [m.id]: role }))
                          }}
                          aria-label={t('members.roleOf', { name: m.user.name })}
                          className="rounded-md border border-slate-300 bg-white px-2 py-1"
                        >
                          {roleOptions.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="py-2 pr-3">
                        <select
                          form={`member-${m.id}`}
                          name="departmentId"
                          defaultValue={m.departmentId ?? ''}
                          aria-label={t('members.departmentOf', { name: m.user.name })}
                          className="rounded-md border border-slate-300 bg-white px-2 py-1"
                        >
                          {deptOptions.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="py-2 pr-3">
                        <EvaluationCell member={m} role={pendingRoles[m.id] ?? m.role} candidates={candidates} />
                      </td>
                      <td className="flex gap-2 py-2">
                        <Form method="post" id={`member-${m.id}`}>
                          <input type="hidden" name="intent" value="update-member" />
                          <input type="hidden" name="memberId" value={m.id} />
                          <Button type="submit" size="sm" aria-label={t('members.saveOf', { name: m.user.name })}>
                            {t('common.save')}
                          </Button>
                        </Form>
                        <Form
                          method="post"
                          onSubmit={(e) => {
                            if (!confirm(t('members.confirmRemove', { name: m.user.name }))) e.preventDefault()
                          }}
                        >
                          <input type="hidden" name="intent" value="remove-member" />
                          <input type="hidden" name="memberId" value={m.id} />
                          <Button type="submit" size="sm" variant="danger" aria-label={t('members.removeOf', { name: m.user.name })}>
                            {t('members.remove')}
                          </Button>
                        </Form>
                      </td>
                    </>
                  ) : (
                    <>
                      <td className="py-2 pr-3">{t(`roles.${m.role}`)}</td>
                      <td className="py-2 pr-3">{m.departmentId ? deptName.get(m.departmentId) : '—'}</td>
                      <td className="py-2 pr-3">
                        {m.role === 'vendor' && m.candidateId ? candidateName.get(m.candidateId) : m.role === 'member' && m.evaluator ? t('candidates.member.evaluatorYes') : '—'}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      {canManage && invitations.length > 0 ? (
        <Panel title={t('members.openInvitations')}>
          <ul className="divide-y divide-slate-100 text-sm">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex items-center gap-3 py-2">
                <span className="flex-1">{inv.email}</span>
                <Badge>{t(`roles.${inv.role}`)}</Badge>
                <span className="text-slate-600">{t('members.expires', { date: formatDate(inv.expiresAt, locale) })}</span>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-invitation" />
                  <input type="hidden" name="invitationId" value={inv.id} />
                  <Button type="submit" size="sm" variant="danger">
                    {t('members.revoke')}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      <Panel title={t('departments.title')}>
        {departments.length === 0 ? (
          <EmptyState title={t('departments.empty')}>{t('departments.emptyHint')}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {departments.map((d) =>
              canManage ? (
                <li key={d.id} className="py-2">
                  <Form method="post" className="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="intent" value="save-department" />
                    <input type="hidden" name="departmentId" value={d.id} />
                    <input
                      name="name"
                      defaultValue={d.name}
                      aria-label={t('departments.name')}
                      className="w-64 rounded-md border border-slate-300 px-2 py-1"
                      required
                      maxLength={120}
                    />
                    <select
                      name="headMemberId"
                      defaultValue={d.headMemberId ?? ''}
                      aria-label={t('departments.headOf', { name: d.name })}
                      className="rounded-md border border-slate-300 bg-white px-2 py-1"
                    >
                      <option value="">{t('departments.noHead')}</option>
                      {members.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.user.name}
                        </option>
                      ))}
                    </select>
                    <span className="text-slate-500">{t('projects.members', { count: d._count.members })}</span>
                    <Button type="submit" size="sm">
                      {t('common.save')}
                    </Button>
                    <Button type="submit" size="sm" variant="danger" name="intent" value="delete-department">
                      {t('common.delete')}
                    </Button>
                  </Form>
                </li>
              ) : (
                <li key={d.id} className="flex gap-3 py-2">
                  <span className="flex-1 font-medium">{d.name}</span>
                  <span className="text-slate-600">{d.head ? t('departments.head', { name: d.head.user.name }) : t('departments.noHead')}</span>
                </li>
              ),
            )}
          </ul>
        )}
        {canManage ? (
          <Form method="post" className="mt-4 grid items-end gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[1fr_14rem_auto]" noValidate>
            <input type="hidden" name="intent" value="save-department" />
            <TextField
              label={t('departments.newName')}
              name="name"
              required
              maxLength={120}
              error={result?.intent === 'save-department' ? result.errors.name : undefined}
            />
            <SelectField
              label={t('departments.headLabel')}
              name="headMemberId"
              options={[{ value: '', label: t('departments.noHead') }, ...members.map((m) => ({ value: m.id, label: m.user.name }))]}
            />
            <Button type="submit" disabled={busy}>
              {t('departments.add')}
            </Button>
          </Form>
        ) : null}
      </Panel>
    </div>
  )
}

/** The evaluation column of a member row: a vendor's candidate, or whether a member scores. */
function EvaluationCell({
  member,
  role,
  candidates,
}: {
  member: { id: string; candidateId: string | null; evaluator: boolean; user: { name: string } }
  role: string
  candidates: { id: string; vendor: string; product: string }[]
}) {
  const { t } = useI18n()
  const formId = `member-${member.id}`
  return (
    <div>
      {role === 'vendor' ? (
        <select
          form={formId}
          name="candidateId"
          defaultValue={member.candidateId ?? ''}
          aria-label={t('candidates.member.candidateOf', { name: member.user.name })}
          className="max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1"
        >
          <option value="">{t('candidates.member.noCandidate')}</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.product} ({c.vendor})
            </option>
          ))}
        </select>
      ) : role === 'member' ? (
        <label className="inline-flex items-center gap-2">
          <input form={formId} type="checkbox" name="evaluator" defaultChecked={member.evaluator} className="h-4 w-4 rounded border-slate-300" />
          {t('candidates.member.evaluator')}
        </label>
      ) : (
        <span className="text-slate-500">—</span>
      )}
    </div>
  )
}

function InviteLink({ invite }: { invite: { link: string; email: string; role: string; expiresAt: Date | string; mailed: boolean } }) {
  const { t, locale } = useI18n()
  const [copied, setCopied] = useState(false)
  return (
    <div className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm" role="status">
      <p className="font-medium text-emerald-900">
        {t('members.inviteReady', { email: invite.email, role: t(`roles.${invite.role}`) })}
      </p>
      <div className="mt-2 flex gap-2">
        <input
          readOnly
          value={invite.link}
          aria-label={t('members.inviteLink')}
          className="flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(invite.link).then(() => setCopied(true))
          }}
        >
          {copied ? t('members.copied') : t('members.copy')}
        </Button>
      </div>
      <p className="mt-2 text-emerald-900">
        {invite.mailed ? t('members.mailed') : t('members.notMailed')}{' '}
        {t('members.singleUse', { date: formatDate(invite.expiresAt, locale) })}
      </p>
    </div>
  )
}
