import { data, Form, Link, useActionData, useLoaderData, useNavigation, useParams } from 'react-router'
import type { Route } from './+types/requirements-import'
import { Button } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { useI18n } from '~/i18n'
import { catalogueForProject, importCatalogueItems, UnknownCatalogueItemError } from '~/models/requirement-catalogue.server'
import { ImportSchema, parseRequirementForm } from '~/schemas/requirement'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

// The typical catalogue in the project's document language (not the reader's): that is the language imported.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'requirement.approve')
  return { catalogue: await catalogueForProject(db, project.id, project.documentLanguage) }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'requirement.approve')
  const { t } = await requestI18n(request)
  const parsed = parseRequirementForm(ImportSchema, await readForm(request), t)
  if (!parsed.ok) return data({ formError: Object.values(parsed.errors)[0] ?? t('errors.invalid') }, { status: 400 })
  try {
    const created = await importCatalogueItems(db, user.id, project.id, parsed.value.keys)
    return redirectWithToast(`/p/${project.slug}/requirements`, { type: 'success', message: t('requirements.importPage.done', { count: created.length }) })
  } catch (error) {
    if (error instanceof UnknownCatalogueItemError) return data({ formError: t('requirements.errors.unknownItem', { key: error.key }) }, { status: 400 })
    throw error
  }
}

export default function ImportRequirements() {
  const { t } = useI18n()
  const { slug } = useParams()
  const { catalogue } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader
        title={t('requirements.importPage.title')}
        description={t('requirements.importPage.intro')}
        actions={<Link to={`/p/${slug ?? ''}/requirements`}>{t('requirements.back')}</Link>}
      />
      <FormError message={result?.formError} />
      <Form method="post" className="space-y-4">
        <Panel title={catalogue.title}>
          <p className="text-sm text-slate-600">{catalogue.description}</p>
        </Panel>
        {catalogue.groups.map((group) => (
          <Panel
            key={group.name}
            title={group.name}
            actions={
              <label className="flex items-center gap-2 text-sm text-slate-600">
                <input
                  type="checkbox"
                  aria-label={t('requirements.importPage.selectGroup', { group: group.name })}
                  onChange={(e) => {
                    const on = e.currentTarget.checked
                    e.currentTarget
                      .closest('section')
                      ?.querySelectorAll<HTMLInputElement>('input[name="keys"]:not(:disabled)')
                      .forEach((box) => (box.checked = on))
                  }}
                />
              </label>
            }
          >
            <ul className="divide-y divide-slate-100">
              {group.items.map((item) => (
                <li key={item.key} className="py-2">
                  <label className="flex items-start gap-3 text-sm">
                    <input type="checkbox" name="keys" value={item.key} className="mt-1" />
                    <span className="flex-1">
                      <span className="font-medium">{item.title}</span>{' '}
                      <Badge>{t(`requirements.types.${item.type}`)}</Badge>{' '}
                      {item.priority === 'must' ? <Badge tone="blue">{t('requirements.mainTask')}</Badge> : <Badge>{t(`requirements.prioritiesShort.${item.priority}`)}</Badge>}{' '}
                      {item.present ? <Badge tone="amber">{t('requirements.importPage.already')}</Badge> : null}
                      <span className="mt-0.5 block text-slate-600">{item.statement}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </Panel>
        ))}
        <div className="sticky bottom-0 border-t border-slate-200 bg-white/95 py-3">
          <Button type="submit" variant="primary" disabled={busy}>
            {t('requirements.importPage.submit')}
          </Button>
        </div>
      </Form>
    </div>
  )
}
