import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import type { Route } from './+types/signup'
import { Button } from '~/components/ui/button'
import { FormError, TextField } from '~/components/ui/field'
import { useT } from '~/i18n'
import { findInvitation } from '~/models/invitation.server'
import { createUser, EmailTakenError, signupMode, SignupClosedError } from '~/models/user.server'
import { PASSWORD_MIN, SignupSchema } from '~/schemas/auth'
import { db, dbReady } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { clientIp, readForm } from '~/utils/http.server'
import { requestI18n } from '~/utils/request.server'
import { requireAnonymous, safeRedirectTarget, startSession } from '~/utils/session.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

async function invitationIsValid(token: string | null | undefined) {
  if (!token) return null
  const { state, invitation } = await findInvitation(db, token)
  return state === 'valid' ? invitation : null
}

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request)
  await dbReady()
  const invite = new URL(request.url).searchParams.get('invite')
  const invitation = await invitationIsValid(invite)
  const firstUser = (await db.user.count()) === 0
  const mode = await signupMode(db, env().SIGNUP)
  return { open: firstUser || mode === 'open' || invitation !== null, invitedEmail: invitation?.email ?? null, firstUser }
}

export async function action({ request, context }: Route.ActionArgs) {
  await requireAnonymous(request)
  const { t, locale } = await requestI18n(request)
  const parsed = parseWith(SignupSchema, await readForm(request), t)
  if (!parsed.ok) return data({ errors: parsed.errors, formError: null }, { status: 400 })
  await dbReady()
  const invitation = await invitationIsValid(parsed.value.invite)
  let user
  try {
    user = await createUser(db, { ...parsed.value, locale, invited: invitation !== null, signupFallback: env().SIGNUP })
  } catch (error) {
    if (error instanceof SignupClosedError) return data({ errors: {} as FieldErrors, formError: t('auth.signupClosed') }, { status: 403 })
    if (error instanceof EmailTakenError) return data({ errors: { email: t('auth.emailTaken') } as FieldErrors, formError: null }, { status: 400 })
    throw error
  }
  const cookie = await startSession(user.id, { ip: clientIp(request, context), userAgent: request.headers.get('User-Agent') })
  const redirectTo = parsed.value.invite ? `/invite/${encodeURIComponent(parsed.value.invite)}` : '/projects'
  return redirect(safeRedirectTarget(redirectTo), { headers: { 'Set-Cookie': cookie } })
}

export default function Signup() {
  const t = useT()
  const { open, invitedEmail, firstUser } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const invite = params.get('invite') ?? ''
  return (
    <main id="main" className="mx-auto max-w-sm px-4 py-16">
      <h1>{t('auth.signupTitle')}</h1>
      {firstUser ? <p className="mt-2 text-sm text-slate-600">{t('auth.firstUserNote')}</p> : null}
      {open ? (
        <Form method="post" className="mt-6 space-y-4" noValidate>
          <FormError message={result?.formError ?? undefined} />
          <input type="hidden" name="invite" value={invite} />
          <TextField label={t('auth.name')} name="name" autoComplete="name" required error={result?.errors.name} />
          <TextField
            label={t('auth.email')}
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={invitedEmail ?? undefined}
            required
            error={result?.errors.email}
          />
          <TextField
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            required
            hint={t('auth.passwordHint', { min: PASSWORD_MIN })}
            error={result?.errors.password}
          />
          <Button type="submit" variant="primary" className="w-full" disabled={busy}>
            {t('auth.signup')}
          </Button>
        </Form>
      ) : (
        <p className="mt-6 rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">{t('auth.signupClosed')}</p>
      )}
      <p className="mt-6 text-sm text-slate-600">
        {t('auth.haveAccount')}{' '}
        <Link to="/login" className="text-accent-700 underline">
          {t('auth.login')}
        </Link>
      </p>
    </main>
  )
}
