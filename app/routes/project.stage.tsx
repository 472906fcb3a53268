import { useLoaderData } from 'react-router'
import type { Route } from './+types/project.stage'
import { EmptyState, PageHeader } from '~/components/ui/panel'
import { useT } from '~/i18n'
import { STAGES, type Stage } from '~/stages'
import { requireProjectPermission } from '~/utils/permissions.server'

// A workflow stage whose own page has not been built yet: it says what the stage is for.
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireProjectPermission(request, params.slug, 'project.view')
  const stage = STAGES.find((s) => new URL(request.url).pathname.endsWith(`/${s}`)) as Stage
  return { stage }
}

export default function StagePage() {
  const t = useT()
  const { stage } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t(`stages.${stage}.title`)} description={t(`stages.${stage}.purpose`)} />
      <EmptyState title={t(`stages.${stage}.emptyTitle`)}>{t(`stages.${stage}.empty`)}</EmptyState>
    </>
  )
}
