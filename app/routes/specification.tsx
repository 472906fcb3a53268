import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/specification'
import { buildSpecDocument } from '~/document/build.server'
import { SpecPreview } from '~/document/render-html'
import { Badge, PageHeader } from '~/components/ui/panel'
import { useI18n } from '~/i18n'
import { db } from '~/utils/db.server'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

const TEMPLATE_IDS = ['short', 'gost-34-602-2020', 'iso-29148-srs'] as const
type TemplateId = (typeof TEMPLATE_IDS)[number]

function isTemplateId(value: string | null): value is TemplateId {
  return value !== null && (TEMPLATE_IDS as readonly string[]).includes(value)
}

// The draft preview of the specification, built from the project's current data. Everyone with
// spec.view (vendors included) may read it; issuing and signing live elsewhere.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'spec.view')
  const { t } = await requestI18n(request)
  const asked = new URL(request.url).searchParams.get('template')
  const templateId: TemplateId = isTemplateId(asked) ? asked : project.documentLanguage === 'ru' ? 'gost-34-602-2020' : 'short'
  const { document, problems } = await buildSpecDocument(db, project.id, {
    templateId,
    titleFields: {},
    freeText: {},
  })
  return {
    pageTitle: t('specification.title'),
    slug: project.slug,
    templateId,
    document,
    problems,
  }
}

export default function SpecificationPreview() {
  const { templateId, document, problems } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  return (
    <div>
      <div className="print:hidden">
        <PageHeader
          title={
            <span className="flex flex-wrap items-center gap-2">
              {t('specification.title')} <Badge tone="amber">{t('specification.draftBadge')}</Badge>
            </span>
          }
          description={t('specification.purpose')}
        />
        <nav aria-label={t('specification.template')} className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">{t('specification.template')}:</span>
          {TEMPLATE_IDS.map((id) => (
            <Link
              key={id}
              to={`?template=${id}`}
              aria-current={id === templateId ? 'page' : undefined}
              className={
                id === templateId
                  ? 'rounded border border-accent-700 bg-accent-50 px-2 py-1 font-medium text-accent-800'
                  : 'rounded border border-slate-300 bg-white px-2 py-1 text-slate-700 hover:bg-slate-50'
              }
            >
              {t(`specification.templates.${id}`)}
            </Link>
          ))}
        </nav>
        {problems.length > 0 ? (
          <div role="status" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            <p className="font-medium">⚠ {t('specification.problems')}</p>
            <ul className="mt-1 list-disc pl-5">
              {problems.map((p: string, i: number) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-lg bg-slate-100 p-4 print:overflow-visible print:bg-transparent print:p-0">
        <SpecPreview document={document} />
      </div>
    </div>
  )
}
