import 'react-router'

declare module 'react-router' {
  interface AppLoadContext {
    /** The client's address as the server saw it (server.mjs), for throttling and sign-off records. */
    clientIp?: string
  }
}
