import type { Route } from './+types/specification'
import { EmptyState } from '~/components/ui/panel'
import { requireProjectPermission } from '~/utils/permissions.server'

// Placeholder until this screen is built.
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireProjectPermission(request, params.slug, 'spec.view')
  return null
}

export default function Placeholder() {
  return <EmptyState title="…" />
}
