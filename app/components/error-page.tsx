import { isRouteErrorResponse, Link, useRouteLoaderData } from 'react-router'
import { createT } from '~/i18n'
import type { loader as rootLoader } from '~/root'

/** A calm page for every error a route throws: 403/404 say what happened, anything else is generic. */
export function ErrorPage({ error }: { error: unknown }) {
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const t = createT(root?.locale ?? 'en')
  let title = t('errors.page.unexpectedTitle')
  let detail = t('errors.page.unexpected')
  let status = 500
  if (isRouteErrorResponse(error)) {
    status = error.status
    const message =
      typeof error.data === 'object' && error.data && 'message' in error.data && typeof error.data.message === 'string'
        ? error.data.message
        : null
    if (status === 404) {
      title = t('errors.page.notFoundTitle')
      detail = message ?? t('errors.page.notFound')
    } else if (status === 403) {
      title = t('errors.page.forbiddenTitle')
      detail = message ?? t('errors.forbidden')
    } else if (status === 413) {
      title = t('errors.page.tooLargeTitle')
      detail = t('errors.page.tooLarge')
    } else if (status < 500) {
      title = t('errors.page.badRequestTitle')
      detail = message ?? t('errors.invalid')
    }
  }
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <p className="text-sm font-medium text-slate-500">{status}</p>
      <h1 className="mt-1">{title}</h1>
      <p className="mt-3 text-slate-700">{detail}</p>
      <p className="mt-6">
        <Link to="/" className="text-accent-700 underline">
          {t('errors.page.home')}
        </Link>
      </p>
    </main>
  )
}
