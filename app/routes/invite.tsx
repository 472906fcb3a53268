import { Form, Link, redirect, useLoaderData, useParams } from 'react-router'
import type { Route } from './+types/invite'
import { buttonClass, Button } from '~/components/ui/button'
import { Panel } from '~/components/ui/panel'
import { formatDate, useI18n } from '~/i18n'
import { acceptInvitation, findInvitation } from '~/models/invitation.server'
import { db, dbReady } from '~/utils/db.server'
import { requestI18n } from '~/utils/request.server'
import { getUser, requireUser } from '~/utils/session.server'
import { redirectWithToast } from '~/utils/toast.server'

// Shows what the link offers; says plainly when it is expired, used or revoked.
export async function loader({ request, params }: Route.LoaderArgs) {
  await dbReady()
  const user = await getUser(request)
  const { state, invitation } = await findInvitation(db, params.token)
  if (state !== 'valid' || !invitation) return { state, invite: null, user: user && { email: user.email } }
  return {
    state,
    invite: {
      projectName: invitation.project.name,
      clientOrganisation: invitation.project.clientOrganisation,
      role: invitation.role,
      email: invitation.email,
      inviter: invitation.createdBy.name,
      expiresAt: invitation.expiresAt,
    },
    user: user && { email: user.email },
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request)
  const { t } = await requestI18n(request)
  await dbReady()
  const result = await acceptInvitation(db, user.id, params.token)
  if (!result.ok) {
    if (result.reason === 'already-member') return redirect('/projects')
    return redirectWithToast(`/invite/${params.token}`, { type: 'error', message: t(`invite.state.${result.reason}`) })
  }
  return redirectWithToast(`/p/${result.projectSlug}`, { type: 'success', message: t('invite.joined', { role: t(`roles.${result.role}`) }) })
}

export default function Invite() {
  const { t, locale } = useI18n()
  const { state, invite, user } = useLoaderData<typeof loader>()
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16">
      <h1>{t('invite.title')}</h1>
      {!invite ? (
        <p className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">{t(`invite.state.${state}`)}</p>
      ) : (
        <Panel className="mt-4">
          <p>{t('invite.offer', { inviter: invite.inviter, project: invite.projectName, role: t(`roles.${invite.role}`) })}</p>
          <p className="mt-1 text-sm text-slate-600">{invite.clientOrganisation}</p>
          <p className="mt-1 text-sm text-slate-600">{t('invite.expires', { date: formatDate(invite.expiresAt, locale) })}</p>
          {user ? (
            <>
              {user.email !== invite.email ? (
                <p className="mt-3 text-sm text-amber-800">{t('invite.otherEmail', { invited: invite.email, current: user.email })}</p>
              ) : null}
              <Form method="post" className="mt-4">
                <Button type="submit" variant="primary">
                  {t('invite.accept')}
                </Button>
              </Form>
            </>
          ) : (
            <div className="mt-4 flex gap-2">
              <InviteAuthLinks />
            </div>
          )}
        </Panel>
      )}
    </main>
  )
}

function InviteAuthLinks() {
  const { t } = useI18n()
  const token = useParams().token ?? ''
  const here = `/invite/${token}`
  return (
    <>
      <Link to={`/signup?invite=${encodeURIComponent(token)}`} className={buttonClass('primary')}>
        {t('invite.signupToJoin')}
      </Link>
      <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className={buttonClass('secondary')}>
        {t('invite.loginToJoin')}
      </Link>
    </>
  )
}
