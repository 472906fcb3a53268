import { Link, useSearchParams } from 'react-router'
import { useT } from '~/i18n'

/** Previous / "page N of M" / next, keeping the rest of the URL query (filters, sort). */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const t = useT()
  const [params] = useSearchParams()
  if (pages <= 1) return null
  const link = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  return (
    <nav className="mt-3 flex gap-3 text-sm" aria-label={t('common.pagination')}>
      {page > 1 ? <Link to={link(page - 1)}>{t('common.previous')}</Link> : null}
      <span>{t('common.pageOf', { page, pages })}</span>
      {page < pages ? <Link to={link(page + 1)}>{t('common.next')}</Link> : null}
    </nav>
  )
}
