import { NavLink, Outlet, useLoaderData, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/project'
import { Badge } from '~/components/ui/panel'
import { useT } from '~/i18n'
import { STAGES } from '~/stages'
import { can, type ProjectAction } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { ErrorPage } from '~/components/error-page'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.project.name} · Specwright` : 'Specwright' }]

// The shell of a project: its identity, the caller's role, and which sections the role opens.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'project.view')
  const archived = project.archivedAt !== null
  const allowed = (['members.view', 'project.update', 'audit.view', 'project.archive'] as const satisfies ProjectAction[]).filter((a) =>
    can(membership.role, a, archived),
  )
  return {
    project: {
      id: project.id,
      slug: project.slug,
      name: project.name,
      clientOrganisation: project.clientOrganisation,
      archived,
      documentLanguage: project.documentLanguage,
      currency: project.currency,
    },
    role: membership.role,
    allowed,
  }
}

export function useProjectData() {
  const data = useRouteLoaderData<typeof loader>('routes/project')
  if (!data) throw new Error('useProjectData outside a project route')
  return data
}

const navClass = ({ isActive }: { isActive: boolean }) =>
  `flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm ${isActive ? 'bg-accent-50 font-medium text-accent-800' : 'text-slate-700 hover:bg-slate-100'}`

export default function ProjectLayout() {
  const t = useT()
  const { project, role, allowed } = useLoaderData<typeof loader>()
  const base = `/p/${project.slug}`
  return (
    <div className="mx-auto flex max-w-screen-2xl gap-6 px-4 py-6">
      <aside className="no-print w-56 shrink-0">
        <div className="mb-4">
          <p className="font-semibold leading-tight">{project.name}</p>
          <p className="text-xs text-slate-600">{project.clientOrganisation}</p>
          <div className="mt-1 flex gap-1">
            <Badge tone="blue">{t(`roles.${role}`)}</Badge>
            {project.archived ? <Badge tone="amber">{t('project.archivedBadge')}</Badge> : null}
          </div>
        </div>
        <nav aria-label={t('project.nav')} className="space-y-0.5">
          <NavLink to={base} end className={navClass}>
            {t('project.dashboard')}
          </NavLink>
          <p className="px-2.5 pb-1 pt-3 text-xs font-medium uppercase tracking-wide text-slate-500">{t('project.workflow')}</p>
          <ol className="space-y-0.5">
            {STAGES.map((stage, i) => (
              <li key={stage}>
                <NavLink to={`${base}/${stage}`} className={navClass}>
                  <span className="w-4 text-right text-xs tabular-nums text-slate-500">{i + 1}</span>
                  {t(`stages.${stage}.title`)}
                </NavLink>
              </li>
            ))}
          </ol>
          {/* A vendor manages nothing here: no heading over an empty group. */}
          {allowed.some((a) => a === 'members.view' || a === 'project.archive' || a === 'audit.view') ? (
            <p className="px-2.5 pb-1 pt-3 text-xs font-medium uppercase tracking-wide text-slate-500">{t('project.manage')}</p>
          ) : null}
          {allowed.includes('members.view') ? (
            <NavLink to={`${base}/members`} className={navClass}>
              {t('project.members')}
            </NavLink>
          ) : null}
          {allowed.includes('project.archive') ? (
            <NavLink to={`${base}/settings`} className={navClass}>
              {t('project.settings')}
            </NavLink>
          ) : null}
          {allowed.includes('audit.view') ? (
            <NavLink to={`${base}/audit`} className={navClass}>
              {t('project.audit')}
            </NavLink>
          ) : null}
        </nav>
      </aside>
      <main id="main" className="min-w-0 flex-1">
        {project.archived ? (
          <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t('project.archivedNote')}
          </p>
        ) : null}
        <Outlet />
      </main>
    </div>
  )
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <ErrorPage error={error} />
}
