import { data, Form, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/settings'
import { Button } from '~/components/ui/button'
import { FormError, TextField } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { formatDateTime, useI18n } from '~/i18n'
import { recordAudit } from '~/models/audit.server'
import { changePassword, updateProfile } from '~/models/user.server'
import { PASSWORD_MIN, PasswordChangeSchema, ProfileSchema, RevokeSessionSchema } from '~/schemas/auth'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { requestI18n } from '~/utils/request.server'
import { getSession, listUserSessions, requireUser, revokeSession } from '~/utils/session.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'
import { z } from 'zod'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const current = await getSession(request)
  const sessions = await listUserSessions(user.id)
  return { user: { name: user.name, email: user.email }, sessions, currentSessionId: current?.id ?? null }
}

const SettingsActionSchema = z.discriminatedUnion('intent', [ProfileSchema, PasswordChangeSchema, RevokeSessionSchema])

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  const { t } = await requestI18n(request)
  const parsed = parseWith(SettingsActionSchema, await readForm(request), t)
  if (!parsed.ok) return data({ intent: null, errors: parsed.errors, formError: null }, { status: 400 })
  const input = parsed.value
  switch (input.intent) {
    case 'profile':
      await updateProfile(db, user.id, { name: input.name })
      return redirectWithToast('/settings', { type: 'success', message: t('settings.saved') })
    case 'password':
      if (!(await changePassword(db, user.id, { current: input.current, next: input.next }))) {
        return data({ intent: input.intent, errors: { current: t('account.wrongPassword') } as FieldErrors, formError: null }, { status: 400 })
      }
      return redirectWithToast('/settings', { type: 'success', message: t('account.passwordChanged') })
    case 'revoke-session':
      if (await revokeSession(user.id, input.sessionId)) {
        await db.$transaction((tx) =>
          recordAudit(tx, { actorId: user.id, projectId: null, action: 'session.revoke', entityType: 'session', entityId: input.sessionId.slice(0, 12) }),
        )
      }
      return redirectWithToast('/settings', { type: 'success', message: t('account.sessionRevoked') })
  }
}

export default function Settings() {
  const { t, locale } = useI18n()
  const { user, sessions, currentSessionId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <PageHeader title={t('account.title')} description={user.email} />
      <Panel title={t('account.profile')}>
        <Form method="post" className="flex items-end gap-3" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <div className="flex-1">
            <TextField label={t('auth.name')} name="name" defaultValue={user.name} required maxLength={120} error={result?.errors.name} />
          </div>
          <Button type="submit">{t('common.save')}</Button>
        </Form>
      </Panel>
      <Panel title={t('account.password')}>
        <Form method="post" className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]" noValidate>
          <input type="hidden" name="intent" value="password" />
          <TextField label={t('account.currentPassword')} name="current" type="password" autoComplete="current-password" error={result?.errors.current} />
          <TextField
            label={t('account.newPassword')}
            name="next"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            error={result?.errors.next}
          />
          <Button type="submit">{t('account.changePassword')}</Button>
        </Form>
        <FormError message={result?.formError ?? undefined} />
      </Panel>
      <Panel title={t('account.sessions')}>
        <ul className="divide-y divide-slate-100 text-sm">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-3 py-2">
              <span className="min-w-0 flex-1 truncate" title={s.userAgent ?? ''}>
                {s.userAgent ?? '—'}
              </span>
              <span className="text-slate-600">{s.ip ?? '—'}</span>
              <span className="text-slate-600">{formatDateTime(s.createdAt, locale)}</span>
              {s.id === currentSessionId ? (
                <Badge tone="green">{t('account.thisSession')}</Badge>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-session" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <Button type="submit" size="sm" variant="danger">
                    {t('account.revoke')}
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </Panel>
    </main>
  )
}
