import { createCookie, redirect } from 'react-router'
import { z } from 'zod'

export type Toast = { type: 'success' | 'error' | 'info'; message: string }
const ToastSchema = z.object({ type: z.enum(['success', 'error', 'info']), message: z.string().max(500) })

// One-shot message shown on the next page: set by an action, cleared by the root loader.
const toastCookie = createCookie('sw_toast', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 })

export async function redirectWithToast(to: string, toast: Toast, init?: ResponseInit) {
  const headers = new Headers(init?.headers)
  headers.append('Set-Cookie', await toastCookie.serialize(toast))
  return redirect(to, { ...init, headers })
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const raw: unknown = await toastCookie.parse(request.headers.get('Cookie'))
  if (raw === null || raw === undefined || raw === '') return { toast: null, setCookie: null }
  const parsed = ToastSchema.safeParse(raw)
  return { toast: parsed.success ? parsed.data : null, setCookie: await toastCookie.serialize('', { maxAge: 0 }) }
}
