import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/specification'
import { buildSpecDocument } from '~/document/build.server'
import { ExportLink } from '~/components/export-link'
import { previewHtml } from '~/document/preview-html.server'
import { buttonClass } from '~/components/ui/button'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDate, formatDateTime, useI18n } from '~/i18n'
import { VersionStatusBadge } from '~/components/spec-version-status'
import { builderInput, getDraft } from '~/models/spec-draft.server'
import { listVersions } from '~/models/spec-version.server'
import { db } from '~/utils/db.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

// The specification's home: the versions (issued, signed, superseded), the current signed
// one, and the draft as it would print now. Everyone with spec.view reads it, vendors included
// (the document names only the chosen system); the lead edits the draft and issues versions.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'spec.view')
  const { t } = await requestI18n(request)
  const draft = await getDraft(db, project.id)
  const [{ document, problems }, versions] = await Promise.all([buildSpecDocument(db, project.id, builderInput(draft)), listVersions(db, project.id)])
  const current = versions.find((v) => v.status === 'signed') ?? null
  return {
    pageTitle: t('specification.title'),
    slug: project.slug,
    templateId: draft.templateId,
    preview: previewHtml(document),
    problems,
    canEdit: can(membership.role, 'spec.edit', project.archivedAt !== null),
    current: current ? { number: current.number, signedAt: current.signedAt?.toISOString() ?? null, contentHash: current.contentHash } : null,
    versions: versions.map((v) => ({
      number: v.number,
      status: v.status,
      issuedAt: v.issuedAt.toISOString(),
      reviewDeadline: v.reviewDeadline.toISOString(),
      signed: v.progress.signed,
      required: v.progress.required,
      openRemarks: v._count.comments,
      contentHash: v.contentHash,
    })),
  }
}


export default function Specification() {
  const { slug, templateId, preview, problems, canEdit, current, versions } = useLoaderData<typeof loader>()
  const { t, locale } = useI18n()
  const base = `/p/${slug}/specification`
  return (
    <div className="space-y-6">
      <div className="print:hidden">
        <PageHeader
          title={t('specification.title')}
          description={t('specification.hubPurpose')}
          actions={
            canEdit ? (
              <Link to={`${base}/draft`} className={buttonClass('primary', 'sm')}>
                {t('specification.editDraft')}
              </Link>
            ) : null
          }
        />
        {current ? (
          <p className="mb-4 rounded-lg border border-green-300 bg-green-50 px-4 py-3 text-sm text-green-900">
            {t('specification.current', { number: current.number, time: current.signedAt ? formatDateTime(current.signedAt, locale) : '' })}{' '}
            <Link className="font-medium underline" to={`${base}/v/${current.number}`}>
              {t('specification.open')}
            </Link>
          </p>
        ) : null}
        <Panel title={t('specification.versions')}>
          {versions.length === 0 ? (
            <EmptyState title={t('specification.noVersions')}>{canEdit ? t('specification.noVersionsLead') : t('specification.noVersionsOther')}</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <TableHead columns={[t('specification.col.version'), t('specification.col.status'), t('specification.col.issued'), t('specification.col.signatures'), t('specification.col.remarks'), t('specification.col.hash')]} />
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.number} className="border-t border-slate-100">
                      <td className="py-2 pr-3">
                        <Link className="font-medium text-accent-800 hover:underline" to={`${base}/v/${v.number}`}>
                          {t('specVersion.versionN', { number: v.number })}
                        </Link>
                      </td>
                      <td className="py-2 pr-3">
                        <VersionStatusBadge status={v.status} />
                      </td>
                      <td className="py-2 pr-3">{formatDate(v.issuedAt, locale)}</td>
                      <td className="py-2 pr-3">
                        {v.signed} / {v.required}
                      </td>
                      <td className="py-2 pr-3">
                        {v.openRemarks > 0 ? t('specification.openRemarks', { count: v.openRemarks }) : '—'}
                        {v.status === 'issued' ? <span className="block text-xs text-slate-500">{t('specification.deadline', { date: formatDate(v.reviewDeadline, locale) })}</span> : null}
                      </td>
                      <td className="py-2 font-mono text-xs">{v.contentHash.slice(0, 12)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      </div>
      <section aria-labelledby="draft-preview" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2 print:hidden">
          <h2 id="draft-preview" className="flex items-center gap-2 text-lg font-semibold">
            {t('specification.draftPreview')} <Badge tone="amber">{t('specification.draftBadge')}</Badge>
            <span className="text-sm font-normal text-slate-600">{t(`specification.templates.${templateId}`)}</span>
          </h2>
          <div className="flex gap-2">
            {(['pdf', 'docx', 'md'] as const).map((f) => (
              <ExportLink key={f} href={`${base}/export?version=draft&format=${f}`}>
                {t('specification.exportDraft', { format: f === 'md' ? 'Markdown' : f.toUpperCase() })}
              </ExportLink>
            ))}
          </div>
        </div>
        {problems.length > 0 ? (
          <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 print:hidden">
            <p className="font-medium">⚠ {t('specification.problems')}</p>
            <ul className="mt-1 list-disc pl-5">
              {problems.map((p: string, i: number) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="overflow-x-auto rounded-lg bg-slate-100 p-4 print:overflow-visible print:bg-transparent print:p-0">
          <div dangerouslySetInnerHTML={{ __html: preview }} />
        </div>
      </section>
    </div>
  )
}
