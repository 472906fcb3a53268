/**
 * Helpers for HTTP-level route tests, which call a route's loader/action directly with a
 * Request carrying a real session cookie.
 */

/** A GET of `path` as the holder of `cookie`. */
export function getRequest(path: string, cookie: string): Request {
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } })
}

/** A form POST (url-encoded; a field with several values repeats) as the holder of `cookie`. */
export function postRequest(path: string, cookie: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Request {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: body.toString(),
  })
}

/** The status of what a loader/action threw (`data(..., { status })` or a Response); 200 if nothing. */
export async function thrownStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Response) return error.status
    const init = (error as { init?: { status?: number } }).init
    if (init?.status) return init.status
    throw error
  }
  return 200
}

/** What an action answered: a redirect's status and target, or the status and data of `data(...)`. */
export function actionOutcome<B>(value: unknown): { status: number; location: string | null; body: B } {
  if (value instanceof Response) return { status: value.status, location: value.headers.get('Location'), body: null as B }
  const v = value as { init?: { status?: number }; data?: unknown }
  if (v && typeof v === 'object' && 'data' in v) return { status: v.init?.status ?? 200, location: null, body: v.data as B }
  return { status: 200, location: null, body: value as B }
}
