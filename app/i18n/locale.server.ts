import { createCookie } from 'react-router'
import { isLocale, type Locale } from './index'

// Anonymous visitors' choice of language; signed-in users keep theirs on their account.
export const localeCookie = createCookie('sw_locale', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 * 60 * 24 * 365 })

export async function requestLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  if (isLocale(userLocale)) return userLocale
  const fromCookie: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  if (isLocale(fromCookie)) return fromCookie
  const accept = request.headers.get('Accept-Language') ?? ''
  for (const part of accept.split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase()
    if (isLocale(tag)) return tag
  }
  return 'en'
}
