import { useState } from 'react'
import { data, Form, Link, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/interview-guides'
import { Button } from '~/components/ui/button'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { useT } from '~/i18n'
import { copyGuideTemplate, listGuides } from '~/models/guide.server'
import { guideTemplateIn, listGuideTemplates, type GuideLanguage } from '~/models/guide-templates.server'
import { CopyGuideSchema } from '~/schemas/interview'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith } from '~/utils/validation'

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'interview.view')
  const canManage = can(membership.role, 'guide.manage', project.archivedAt !== null)
  const guides = await listGuides(db, project.id)
  // Both languages of each template travel, so switching the language needs no request;
  // only the texts shown (titles, descriptions, question counts), not the questions.
  const templates = listGuideTemplates().map((template) => {
    const inLanguage = (language: GuideLanguage) => {
      const copy = guideTemplateIn(template, language)
      return { title: copy.title, department: copy.department, description: copy.description, questions: copy.questions.length }
    }
    return { id: template.id, en: inLanguage('en'), ru: inLanguage('ru') }
  })
  return {
    guides: guides.map((g) => ({ id: g.id, templateId: g.templateId, title: g.title, department: g.department, questions: g._count.questions, interviews: g._count.interviews })),
    templates,
    documentLanguage: (project.documentLanguage === 'ru' ? 'ru' : 'en') as GuideLanguage,
    canManage,
    slug: project.slug,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'guide.manage')
  const { t } = await requestI18n(request)
  const parsed = parseWith(CopyGuideSchema, await readForm(request), t)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const guide = await copyGuideTemplate(db, user.id, project.id, parsed.value.templateId, parsed.value.language)
  invariantResponse(guide, t('errors.notFoundItem'), 404)
  return redirectWithToast(`/p/${project.slug}/interviews/guides/${guide.id}`, { type: 'success', message: t('interviews.guides.copied') })
}

export default function InterviewGuides() {
  const t = useT()
  const { guides, templates, documentLanguage, canManage, slug } = useLoaderData<typeof loader>()
  const [language, setLanguage] = useState<GuideLanguage>(documentLanguage)
  const busy = useNavigation().state === 'submitting'
  const copies = new Map<string, number>()
  for (const g of guides) if (g.templateId) copies.set(g.templateId, (copies.get(g.templateId) ?? 0) + 1)
  return (
    <div className="space-y-6">
      <nav aria-label={t('interviews.breadcrumb')} className="text-sm">
        <Link to={`/p/${slug}/interviews`} className="text-accent-700 hover:underline">
          ← {t('stages.interviews.title')}
        </Link>
      </nav>
      <PageHeader title={t('interviews.guides.title')} description={t('interviews.guides.purpose')} />

      <Panel title={`${t('interviews.guides.projectGuides')} (${guides.length})`}>
        {guides.length === 0 ? (
          <EmptyState title={t('interviews.guides.noneTitle')}>{t('interviews.guides.none')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                columns={[
                  t('interviews.guides.guideTitle'),
                  t('interviews.department'),
                  <span key="q" className="block text-right">{t('interviews.guides.questions')}</span>,
                  <span key="i" className="block text-right">{t('interviews.guides.usedIn')}</span>,
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {guides.map((g) => (
                  <tr key={g.id}>
                    <td className="py-2 pr-3">
                      <Link to={g.id} className="font-medium text-accent-700 hover:underline">
                        {g.title}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{g.department || '—'}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{g.questions}</td>
                    <td className="py-2 text-right tabular-nums">{g.interviews}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel
        title={t('interviews.guides.templates')}
        actions={
          <fieldset className="flex items-center gap-3 text-sm">
            <legend className="sr-only">{t('interviews.guides.language')}</legend>
            <span aria-hidden="true" className="text-slate-600">
              {t('interviews.guides.language')}:
            </span>
            {(['ru', 'en'] as const).map((l) => (
              <label key={l} className="inline-flex items-center gap-1">
                <input type="radio" name="template-language" value={l} checked={language === l} onChange={() => setLanguage(l)} />
                {t(`interviews.guides.languages.${l}`)}
              </label>
            ))}
          </fieldset>
        }
      >
        <p className="mb-4 text-sm text-slate-600">{t('interviews.guides.templatesHint')}</p>
        <ul className="grid gap-4 md:grid-cols-2">
          {templates.map((template) => {
            const shown = template[language]
            return (
              <li key={template.id} className="flex flex-col rounded-md border border-slate-200 p-4" lang={language}>
                <div className="mb-1 flex items-start justify-between gap-2">
                  <h3 className="font-medium">{shown.title}</h3>
                  <span className="shrink-0">
                    <Badge>{shown.department}</Badge>
                  </span>
                </div>
                <p className="mb-3 flex-1 text-sm text-slate-600">{shown.description}</p>
                <div className="flex items-center justify-between gap-3">
                  <span className="text-xs text-slate-500">
                    {t('interviews.guides.questionCount', { count: shown.questions })}
                    {copies.get(template.id) ? ` · ${t('interviews.guides.alreadyCopied')}` : ''}
                  </span>
                  {canManage ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="copy" />
                      <input type="hidden" name="templateId" value={template.id} />
                      <input type="hidden" name="language" value={language} />
                      <Button type="submit" size="sm" disabled={busy} aria-label={`${t('interviews.guides.copy')}: ${shown.title}`}>
                        {t('interviews.guides.copy')}
                      </Button>
                    </Form>
                  ) : null}
                </div>
              </li>
            )
          })}
        </ul>
      </Panel>
    </div>
  )
}
