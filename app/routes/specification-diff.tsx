import { data, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/specification-diff'
import { diffSpecVersions } from '~/document/diff'
import { SpecDiffView } from '~/document/render-diff-html'
import { ExportLink } from '~/components/export-link'
import { buttonClass } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/panel'
import { useI18n } from '~/i18n'
import { getVersion } from '~/models/spec-version.server'
import { db } from '~/utils/db.server'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

function number(raw: string | null): number | null {
  return raw && /^\d+$/.test(raw) ? Number(raw) : null
}

// What changed between two versions: sections, requirements field by field, improvements and
// their cost. Readable here; the same diff exports as DOCX, PDF or Markdown.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'spec.view')
  const { t } = await requestI18n(request)
  const url = new URL(request.url)
  const fromN = number(url.searchParams.get('from'))
  const toN = number(url.searchParams.get('to'))
  if (fromN === null || toN === null || fromN === toN) throw data({ message: t('specVersion.diff.pickTwo') }, { status: 400 })
  const [from, to] = await Promise.all([getVersion(db, project.id, fromN), getVersion(db, project.id, toN)])
  if (!from || !to) throw data({ message: t('specVersion.notFound', { number: !from ? fromN : toN }) }, { status: 404 })
  const diff = diffSpecVersions(from, to)
  return { pageTitle: t('specVersion.diff.title', { from: fromN, to: toN }), slug: project.slug, from: fromN, to: toN, diff, lang: to.document.meta.language }
}

export default function SpecificationDiff() {
  const { slug, from, to, diff, lang, pageTitle } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const base = `/p/${slug}/specification`
  const exportHref = (format: string) => `${base}/export?version=${to}&diff=${from}&format=${format}`
  return (
    <div className="space-y-4">
      <PageHeader
        title={pageTitle}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link to={`${base}/v/${from}`} className={buttonClass('secondary', 'sm')}>
              {t('specVersion.versionN', { number: from })}
            </Link>
            <Link to={`${base}/v/${to}`} className={buttonClass('secondary', 'sm')}>
              {t('specVersion.versionN', { number: to })}
            </Link>
            <ExportLink href={exportHref('pdf')}>{t('specVersion.diff.export', { format: 'PDF' })}</ExportLink>
            <ExportLink href={exportHref('docx')}>{t('specVersion.diff.export', { format: 'DOCX' })}</ExportLink>
            <ExportLink href={exportHref('md')}>{t('specVersion.diff.export', { format: 'Markdown' })}</ExportLink>
          </div>
        }
      />
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <SpecDiffView diff={diff} lang={lang} showTitle={false} />
      </div>
    </div>
  )
}
