import type { Route } from './+types/scoring'
import { EmptyState } from '~/components/ui/panel'
import { requireProjectPermission } from '~/utils/permissions.server'

// Placeholder until this screen is built.
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireProjectPermission(request, params.slug, 'score.submit')
  return null
}

export default function Placeholder() {
  return <EmptyState title="…" />
}
