import {
  data,
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from 'react-router'
import { useMemo } from 'react'
import type { Route } from './+types/root'
import { createT, I18nContext, type Locale } from './i18n'
import { requestLocale } from './i18n/locale.server'
import { ErrorPage } from './components/error-page'
import { ToastView } from './components/toast'
import { getUser } from './utils/session.server'
import { readToast } from './utils/toast.server'
import './app.css'

export const links: Route.LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }]

// The shell needs only who is signed in, their language and a pending one-shot message.
export async function loader({ request }: Route.LoaderArgs) {
  const user = await getUser(request)
  const locale = await requestLocale(request, user?.locale)
  const { toast, setCookie } = await readToast(request)
  return data(
    { user: user && { name: user.name, email: user.email, isAdmin: user.isAdmin }, locale, toast },
    setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined,
  )
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData()
  const locale: Locale = root?.locale ?? 'en'
  // One value per locale: a new object on every render would re-render every consumer.
  const i18n = useMemo(() => ({ locale, t: createT(locale) }), [locale])
  const t = i18n.t
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nContext.Provider value={i18n}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
            {t('nav.skip')}
          </a>
          <TopBar />
          {children}
          {root?.toast ? <ToastView key={JSON.stringify(root.toast)} toast={root.toast} /> : null}
        </I18nContext.Provider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

function TopBar() {
  const root = useRootData()
  const location = useLocation()
  const locale: Locale = root?.locale ?? 'en'
  const t = createT(locale)
  const here = location.pathname + location.search
  return (
    <header className="no-print border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-12 max-w-screen-2xl items-center gap-4 px-4">
        <Link to={root?.user ? '/projects' : '/'} className="font-semibold tracking-tight text-slate-900">
          Specwright
        </Link>
        {root?.user ? (
          <nav aria-label={t('nav.main')} className="flex gap-3 text-sm">
            <Link to="/projects" className="text-slate-700 hover:text-slate-900">
              {t('nav.projects')}
            </Link>
            {root.user.isAdmin ? (
              <Link to="/admin" className="text-slate-700 hover:text-slate-900">
                {t('nav.admin')}
              </Link>
            ) : null}
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Form method="post" action="/locale" className="flex items-center gap-1" aria-label={t('nav.language')}>
            <input type="hidden" name="redirectTo" value={here} />
            {(['en', 'ru'] as const).map((l) => (
              <button
                key={l}
                type="submit"
                name="locale"
                value={l}
                aria-pressed={locale === l}
                lang={l}
                className={`rounded px-1.5 py-0.5 ${locale === l ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100'}`}
              >
                {l === 'en' ? 'EN' : 'RU'}
              </button>
            ))}
          </Form>
          {root?.user ? (
            <>
              <Link to="/settings" className="text-slate-700 hover:text-slate-900" title={root.user.email}>
                {root.user.name}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="text-slate-600 hover:text-slate-900">
                  {t('nav.logout')}
                </button>
              </Form>
            </>
          ) : (
            <Link to="/login" className="text-slate-700 hover:text-slate-900">
              {t('nav.login')}
            </Link>
          )}
        </div>
      </div>
    </header>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <ErrorPage error={error} />
}

