import { Form, useLoaderData } from 'react-router'
import type { Route } from './+types/admin'
import { Button } from '~/components/ui/button'
import { TableHead } from '~/components/ui/table'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { formatDate, useI18n } from '~/i18n'
import { listUsers, setSignupMode, signupMode } from '~/models/user.server'
import { SignupModeSchema } from '~/schemas/auth'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { forbidden, invariantResponse, readForm } from '~/utils/http.server'
import { requestI18n } from '~/utils/request.server'
import { requireUser } from '~/utils/session.server'
import { redirectWithToast } from '~/utils/toast.server'

async function requireAdmin(request: Request) {
  const user = await requireUser(request)
  if (!user.isAdmin) forbidden((await requestI18n(request)).t('errors.forbidden'))
  return user
}

export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request)
  const [users, mode] = await Promise.all([listUsers(db), signupMode(db, env().SIGNUP)])
  return { users, mode }
}

export async function action({ request }: Route.ActionArgs) {
  const admin = await requireAdmin(request)
  const { t } = await requestI18n(request)
  const parsed = SignupModeSchema.safeParse(Object.fromEntries(await readForm(request)))
  invariantResponse(parsed.success, t('errors.choice'))
  await setSignupMode(db, admin.id, parsed.data.mode, env().SIGNUP)
  return redirectWithToast('/admin', { type: 'success', message: t('settings.saved') })
}

export default function Admin() {
  const { t, locale } = useI18n()
  const { users, mode } = useLoaderData<typeof loader>()
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <PageHeader title={t('admin.title')} />
      <Panel title={t('admin.signup')}>
        <p className="mb-3 text-sm text-slate-700">{mode === 'open' ? t('admin.signupOpen') : t('admin.signupInvite')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="signup-mode" />
          <Button type="submit" name="mode" value={mode === 'open' ? 'invite' : 'open'}>
            {mode === 'open' ? t('admin.makeInvite') : t('admin.makeOpen')}
          </Button>
        </Form>
      </Panel>
      <Panel title={t('admin.users', { count: users.length })}>
        <table className="w-full text-sm">
          <TableHead columns={[t('members.name'), t('auth.email'), t('admin.projects'), t('admin.since')]} />
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="py-2 pr-3">
                  {u.name} {u.isAdmin ? <Badge tone="blue">{t('admin.admin')}</Badge> : null}
                </td>
                <td className="py-2 pr-3 text-slate-600">{u.email}</td>
                <td className="py-2 pr-3 tabular-nums">{u._count.memberships}</td>
                <td className="py-2">{formatDate(u.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </main>
  )
}
