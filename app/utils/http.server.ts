import { data, type AppLoadContext } from 'react-router'
import { env } from './env.server'

/** Throws a Response (caught by the nearest error boundary) when a condition does not hold. */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw data({ message }, { status })
}

export function notFound(message = 'Not found'): never {
  throw data({ message }, { status: 404 })
}

export function forbidden(message = 'Forbidden'): never {
  throw data({ message }, { status: 403 })
}

export function clientIp(request: Request, context: AppLoadContext | undefined): string {
  return context?.clientIp ?? request.headers.get('X-Forwarded-For')?.split(',')[0]?.trim() ?? 'unknown'
}

/**
 * Reads a request body with a size cap, refusing (413) before anything is parsed when the
 * declared length is too large, and while reading when an undeclared body grows too large.
 */
export async function readBody(request: Request, maxBytes = env().MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > maxBytes) throw payloadTooLarge(maxBytes)
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // Not cancel(): in @react-router/node that destroys the socket before the 413 is sent.
      reader.releaseLock()
      throw payloadTooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

function payloadTooLarge(maxBytes: number) {
  return data({ message: `Request body larger than ${maxBytes} bytes` }, { status: 413 })
}

/** The request's form fields, read within the body size cap. */
export async function readForm(request: Request, maxBytes?: number): Promise<FormData> {
  const body = await readBody(request, maxBytes)
  const contentType = request.headers.get('Content-Type') ?? 'application/x-www-form-urlencoded'
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': contentType } }).formData()
  } catch {
    throw data({ message: 'Malformed form body' }, { status: 400 })
  }
}
