import net from 'node:net'
import { expect, test } from './fixtures'

/**
 * The public verification page refuses oversized uploads before reading them: a client that
 * announces a 200 MB body gets 413 with a message at once, and the server stays up.
 */
test('a 200 MB upload to /verify is refused with 413 before it is read', async ({ baseURL, request }) => {
  const url = new URL(baseURL!)
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(
        [
          'POST /verify HTTP/1.1',
          `Host: ${url.host}`,
          `Origin: ${url.origin}`,
          'Content-Type: multipart/form-data; boundary=x',
          `Content-Length: ${200 * 1024 * 1024}`,
          'Connection: close',
          '',
          '--x\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-1.7\n',
        ].join('\r\n'),
      )
    })
    let data = ''
    socket.setTimeout(10_000, () => reject(new Error('no answer within 10 s')))
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8')
      if (data.includes('\r\n\r\n') && /nothing was read/.test(data)) socket.destroy()
    })
    socket.on('close', () => resolve(data))
    socket.on('error', (e) => (data ? resolve(data) : reject(e)))
  })
  expect(answer).toMatch(/^HTTP\/1\.1 413/)
  expect(answer).toContain('nothing was read or stored')
  // Still serving.
  expect((await request.get('/verify')).status()).toBe(200)
})
