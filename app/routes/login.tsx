import { data, Form, Link, redirect, useActionData, useNavigation, useSearchParams } from 'react-router'
import type { Route } from './+types/login'
import { Button } from '~/components/ui/button'
import { FormError, TextField } from '~/components/ui/field'
import { useT } from '~/i18n'
import { attemptLogin } from '~/models/user.server'
import { LoginSchema } from '~/schemas/auth'
import { db, dbReady } from '~/utils/db.server'
import { clientIp, readForm } from '~/utils/http.server'
import { requestI18n } from '~/utils/request.server'
import { requireAnonymous, safeRedirectTarget, startSession } from '~/utils/session.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: Route.ActionArgs) {
  await requireAnonymous(request)
  const { t } = await requestI18n(request)
  const parsed = parseWith(LoginSchema, await readForm(request), t)
  if (!parsed.ok) return data({ errors: parsed.errors, formError: null }, { status: 400 })
  await dbReady()
  const ip = clientIp(request, context)
  const result = await attemptLogin(db, { email: parsed.value.email, password: parsed.value.password, ip })
  if (!result.ok) {
    if (result.reason === 'throttled') {
      const minutes = Math.ceil(result.retryAfterSeconds / 60)
      return data(
        { errors: {} as FieldErrors, formError: t('auth.throttled', { count: minutes }) },
        { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
      )
    }
    return data({ errors: {} as FieldErrors, formError: t('auth.invalidCredentials') }, { status: 401 })
  }
  const cookie = await startSession(result.userId, { ip, userAgent: request.headers.get('User-Agent') })
  return redirect(safeRedirectTarget(parsed.value.redirectTo), { headers: { 'Set-Cookie': cookie } })
}

export default function Login() {
  const t = useT()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const redirectTo = params.get('redirectTo') ?? ''
  return (
    <main id="main" className="mx-auto max-w-sm px-4 py-16">
      <h1>{t('auth.loginTitle')}</h1>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <FormError message={result?.formError ?? undefined} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" required error={result?.errors.email} />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={result?.errors.password}
        />
        <Button type="submit" variant="primary" className="w-full" disabled={busy}>
          {t('auth.login')}
        </Button>
      </Form>
      <p className="mt-6 text-sm text-slate-600">
        {t('auth.noAccount')}{' '}
        <Link to={`/signup${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`} className="text-accent-700 underline">
          {t('auth.signup')}
        </Link>
      </p>
      <p className="mt-2 text-sm text-slate-600">
        {t('verify.holding')}{' '}
        <Link to="/verify" className="text-accent-700 underline">
          {t('verify.title')}
        </Link>
      </p>
    </main>
  )
}
