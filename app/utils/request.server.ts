import { createT, type Locale, type T } from '~/i18n'
import { requestLocale } from '~/i18n/locale.server'
import { getUser } from './session.server'

/** The language of this request's answer: the user's preference, else the cookie, else the browser's. */
export async function requestI18n(request: Request): Promise<{ locale: Locale; t: T }> {
  const user = await getUser(request)
  const locale = await requestLocale(request, user?.locale)
  return { locale, t: createT(locale) }
}
