import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/project.settings'
import { ProjectFields } from '~/components/project-fields'
import { Button } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { PageHeader, Panel } from '~/components/ui/panel'
import { useT } from '~/i18n'
import { setProjectArchived, updateProject } from '~/models/project.server'
import { ProjectSchema } from '~/schemas/project'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith } from '~/utils/validation'

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'project.archive')
  return {
    project: {
      name: project.name,
      clientOrganisation: project.clientOrganisation,
      description: project.description,
      documentLanguage: project.documentLanguage,
      currency: project.currency,
      archived: project.archivedAt !== null,
    },
    canEdit: can(membership.role, 'project.update', project.archivedAt !== null),
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await readForm(request)
  const intent = form.get('intent')
  const { t } = await requestI18n(request)
  if (intent === 'archive' || intent === 'restore') {
    const { project, user } = await requireProjectPermission(request, params.slug, 'project.archive')
    await setProjectArchived(db, user.id, project.id, intent === 'archive')
    return redirectWithToast(`/p/${project.slug}/settings`, {
      type: 'success',
      message: intent === 'archive' ? t('settings.archivedToast') : t('settings.restoredToast'),
    })
  }
  const { project, user } = await requireProjectPermission(request, params.slug, 'project.update')
  const parsed = parseWith(ProjectSchema, form, t)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 })
  await updateProject(db, user.id, project.id, parsed.value)
  return redirectWithToast(`/p/${project.slug}/settings`, { type: 'success', message: t('settings.saved') })
}

export default function ProjectSettings() {
  const t = useT()
  const { project, canEdit } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title={t('settings.title')} />
      <Panel title={t('settings.details')}>
        {canEdit ? (
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="update" />
            {result?.errors ? <FormError message={t('errors.checkFields')} /> : null}
            <ProjectFields errors={result?.errors} values={result?.values} defaults={project} />
            <Button type="submit" variant="primary" disabled={busy}>
              {t('common.save')}
            </Button>
          </Form>
        ) : (
          <p className="text-sm text-slate-700">{t('settings.readOnly')}</p>
        )}
      </Panel>
      <Panel title={project.archived ? t('settings.restoreTitle') : t('settings.archiveTitle')}>
        <p className="mb-3 text-sm text-slate-700">{project.archived ? t('settings.restoreHint') : t('settings.archiveHint')}</p>
        <Form method="post">
          <Button type="submit" name="intent" value={project.archived ? 'restore' : 'archive'} variant={project.archived ? 'secondary' : 'danger'}>
            {project.archived ? t('settings.restore') : t('settings.archive')}
          </Button>
        </Form>
      </Panel>
    </div>
  )
}
