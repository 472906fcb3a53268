import { describe, expect, test } from 'vitest'
import { readBody, readForm } from './http.server'

const URL_ = 'http://localhost/form'

/** What React Router's `data()` throws: a DataWithResponseInit carrying the response status. */
async function statusOfThrown(promise: Promise<unknown>): Promise<number> {
  let thrown: unknown
  try {
    await promise
  } catch (error) {
    thrown = error
  }
  expect(thrown, 'expected the call to throw').toBeDefined()
  const t = thrown as { type?: string; init?: { status?: number } | null; data?: unknown }
  expect(t.type).toBe('DataWithResponseInit')
  return t.init?.status ?? -1
}

/** A body streamed in chunks, without a Content-Length header. */
function streamedRequest(chunks: number, chunkSize: number, onPull?: () => void): Request {
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.()
      if (sent >= chunks) return controller.close()
      sent++
      controller.enqueue(new Uint8Array(chunkSize).fill(97))
    },
  })
  const request = new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit & { duplex: 'half' })
  expect(request.headers.get('Content-Length')).toBeNull()
  return request
}

describe('readBody / readForm size cap', () => {
  test('a declared Content-Length above the cap is refused with 413 before reading', async () => {
    let pulled = 0
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'Content-Length': '2000', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({
        pull(c) {
          pulled++
          c.enqueue(new Uint8Array(10))
          c.close()
        },
      }),
      duplex: 'half',
    } as RequestInit & { duplex: 'half' })
    expect(await statusOfThrown(readForm(request, 1000))).toBe(413)
    expect(await statusOfThrown(readBody(request, 1000))).toBe(413)
    expect(pulled).toBeLessThanOrEqual(1) // at most the stream's initial pull; nothing was read
  })

  test('a body streamed without Content-Length that grows past the cap is refused with 413', async () => {
    let pulls = 0
    const request = streamedRequest(1000, 100, () => pulls++)
    expect(await statusOfThrown(readForm(request, 1000))).toBe(413)
    // It stopped reading soon after crossing the cap instead of consuming the whole stream.
    expect(pulls).toBeLessThan(20)
  })

  test('a body whose Content-Length understates its size is still refused', async () => {
    const request = new Request(URL_, { method: 'POST', body: 'a='.concat('x'.repeat(5000)) })
    request.headers.set('Content-Length', '10')
    expect(await statusOfThrown(readBody(request, 1000))).toBe(413)
  })

  test('a body exactly at the cap is accepted', async () => {
    const body = await readBody(streamedRequest(10, 100), 1000)
    expect(body.byteLength).toBe(1000)
    expect(body.every((b) => b === 97)).toBe(true)
  })

  test('a streamed body under the cap is reassembled in order', async () => {
    const text = 'name=' + encodeURIComponent('Выбор CRM') + '&currency=RUB'
    const bytes = new TextEncoder().encode(text)
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 3) c.enqueue(bytes.slice(i, i + 3))
        c.close()
      },
    })
    const request = new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit & { duplex: 'half' })
    const fd = await readForm(request, 1000)
    expect(fd.get('name')).toBe('Выбор CRM')
    expect(fd.get('currency')).toBe('RUB')
  })

  test('a normal urlencoded body parses, with repeated fields', async () => {
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['email', 'ann@example.com'],
        ['role', 'member'],
        ['tag', 'a'],
        ['tag', 'b'],
      ]).toString(),
    })
    const fd = await readForm(request)
    expect(fd.get('email')).toBe('ann@example.com')
    expect(fd.get('role')).toBe('member')
    expect(fd.getAll('tag')).toEqual(['a', 'b'])
  })

  test('the default cap comes from MAX_BODY_BYTES (2 MiB): 3 MB declared is refused', async () => {
    const request = new Request(URL_, { method: 'POST', headers: { 'Content-Length': String(3 * 1024 * 1024) }, body: 'a=1' })
    expect(await statusOfThrown(readForm(request))).toBe(413)
  })

  test('a multipart body parses', async () => {
    const fd = new FormData()
    fd.append('name', 'Ann')
    const request = new Request(URL_, { method: 'POST', body: fd })
    expect((await readForm(request, 10_000)).get('name')).toBe('Ann')
  })

  test('a malformed multipart body is a 400, not a crash', async () => {
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: 'this is not multipart',
    })
    expect(await statusOfThrown(readForm(request, 10_000))).toBe(400)
  })

  test('a request without a body gives an empty body', async () => {
    expect((await readBody(new Request(URL_, { method: 'POST' }), 10)).byteLength).toBe(0)
  })
})
