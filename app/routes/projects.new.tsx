import { data, Form, useActionData, useNavigation } from 'react-router'
import type { Route } from './+types/projects.new'
import { ProjectFields } from '~/components/project-fields'
import { Button } from '~/components/ui/button'
import { PageHeader, Panel } from '~/components/ui/panel'
import { useT } from '~/i18n'
import { createProject } from '~/models/project.server'
import { ProjectSchema } from '~/schemas/project'
import { db, dbReady } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { requestI18n } from '~/utils/request.server'
import { requireUser } from '~/utils/session.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith } from '~/utils/validation'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return null
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  const { t } = await requestI18n(request)
  const parsed = parseWith(ProjectSchema, await readForm(request), t)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 })
  await dbReady()
  const project = await createProject(db, user.id, parsed.value)
  return redirectWithToast(`/p/${project.slug}`, { type: 'success', message: t('projects.created', { name: project.name }) })
}

export default function NewProject() {
  const t = useT()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-8">
      <PageHeader title={t('projects.newTitle')} description={t('projects.newHint')} />
      <Panel>
        <Form method="post" className="space-y-4" noValidate>
          <ProjectFields errors={result?.errors} values={result?.values} />
          <Button type="submit" variant="primary" disabled={busy}>
            {t('projects.create')}
          </Button>
        </Form>
      </Panel>
    </main>
  )
}
