import { redirect } from 'react-router'
import type { Route } from './+types/locale'
import { localeCookie } from '~/i18n/locale.server'
import { updateUserLocale } from '~/models/user.server'
import { LocaleSchema } from '~/schemas/auth'
import { db, dbReady } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { safeRedirectTarget, getUser } from '~/utils/session.server'

export async function loader() {
  return redirect('/')
}

// The language switch: kept on the account when signed in, in a cookie otherwise.
export async function action({ request }: Route.ActionArgs) {
  const parsed = LocaleSchema.safeParse(Object.fromEntries(await readForm(request)))
  invariantResponse(parsed.success, 'Unknown language')
  const user = await getUser(request)
  if (user && user.locale !== parsed.data.locale) {
    await dbReady()
    await updateUserLocale(db, user.id, parsed.data.locale)
  }
  return redirect(safeRedirectTarget(parsed.data.redirectTo, '/'), {
    headers: { 'Set-Cookie': await localeCookie.serialize(parsed.data.locale) },
  })
}
