// The production HTTP server: static assets, a few protections that must run before any
// route code (body size, cross-site form posts), then the React Router request handler.
import path from 'node:path'

// Before React loads: its development and production builds must not be mixed.
process.env.NODE_ENV ??= 'production'

const BUILD_DIR = path.resolve(import.meta.dirname, 'build')
const MAX_BODY_BYTES = Number(process.env.MAX_BODY_BYTES ?? 2 * 1024 * 1024)
// The public verification page takes uploaded PDF/DOCX exports, which can be larger.
const VERIFY_MAX_BYTES = Number(process.env.VERIFY_MAX_BYTES ?? 50 * 1024 * 1024)

export async function createServer() {
  const { default: express } = await import('express')
  const { createRequestHandler } = await import('@react-router/express')
  const build = await import(path.join(BUILD_DIR, 'server/index.js'))
  const app = express()
  app.disable('x-powered-by')
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)

  app.use((req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
    })
    next()
  })

  // Refuse oversized bodies before anything reads them; the route helpers also cap bodies
  // sent without a Content-Length.
  app.use((req, res, next) => {
    const limit = req.path === '/verify' ? VERIFY_MAX_BYTES : MAX_BODY_BYTES
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.status(413).type('text/plain').send(`Request body larger than ${limit} bytes (${Math.round(limit / 1024 / 1024)} MB): nothing was read or stored.`)
      return
    }
    next()
  })

  // SameSite=Lax cookies already stop most cross-site posts; checking Origin closes the rest.
  app.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const origin = req.headers.origin
    if (origin && origin !== 'null') {
      const host = req.headers['x-forwarded-host'] ?? req.headers.host
      if (new URL(origin).host !== host) {
        res.status(403).type('text/plain').send('Cross-site request refused')
        return
      }
    }
    next()
  })

  app.use('/assets', express.static(path.join(BUILD_DIR, 'client/assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(path.join(BUILD_DIR, 'client'), { maxAge: '1h' }))

  app.all(
    /.*/,
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
    }),
  )

  // Errors a user cannot cause: logged with context, answered with a calm generic page.
  app.use((error, req, res, _next) => {
    console.error('[server] unhandled error', { method: req.method, url: req.originalUrl, error })
    res.status(500).type('text/plain').send('Something went wrong. It has been logged.')
  })
  return app
}

export async function startServer({ port = Number(process.env.PORT ?? 3000), host = process.env.HOST } = {}) {
  const app = await createServer()
  return new Promise((resolve, reject) => {
    const server = host ? app.listen(port, host) : app.listen(port)
    server.once('listening', () => resolve(server))
    server.once('error', reject)
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer()
  const address = server.address()
  console.log(`Specwright is listening on http://localhost:${typeof address === 'object' && address ? address.port : ''}`)
}
