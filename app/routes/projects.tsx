import { Link, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/projects'
import { buttonClass } from '~/components/ui/button'
import { Badge, EmptyState, PageHeader } from '~/components/ui/panel'
import { useT } from '~/i18n'
import { listUserProjects } from '~/models/project.server'
import { db, dbReady } from '~/utils/db.server'
import { requireUser } from '~/utils/session.server'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

// Only the caller's projects: membership is the where clause.
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  await dbReady()
  const archived = new URL(request.url).searchParams.get('archived') === '1'
  return { projects: await listUserProjects(db, user.id, { archived }), archived }
}

export default function Projects() {
  const t = useT()
  const { projects, archived } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <PageHeader
        title={archived ? t('projects.archivedTitle') : t('projects.title')}
        actions={
          <Link to="/projects/new" className={buttonClass('primary')}>
            {t('projects.new')}
          </Link>
        }
      />
      <nav className="mb-4 flex gap-4 text-sm" aria-label={t('projects.filter')}>
        <Link to="/projects" aria-current={!archived ? 'page' : undefined} className="aria-[current=page]:font-semibold">
          {t('projects.active')}
        </Link>
        <Link
          to={`/projects?${new URLSearchParams({ ...Object.fromEntries(params), archived: '1' })}`}
          aria-current={archived ? 'page' : undefined}
          className="aria-[current=page]:font-semibold"
        >
          {t('projects.archived')}
        </Link>
      </nav>
      {projects.length === 0 ? (
        <EmptyState
          title={archived ? t('projects.noArchived') : t('projects.empty')}
          action={
            archived ? null : (
              <Link to="/projects/new" className={buttonClass('primary')}>
                {t('projects.new')}
              </Link>
            )
          }
        >
          {archived ? null : t('projects.emptyHint')}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {projects.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <Link to={`/p/${p.slug}`} className="font-medium text-accent-700 hover:underline">
                  {p.name}
                </Link>
                <p className="text-sm text-slate-600">{p.clientOrganisation}</p>
              </div>
              <Badge tone="blue">{t(`roles.${p.role}`)}</Badge>
              <span className="text-sm text-slate-500">{t('projects.members', { count: p.members })}</span>
              <span className="text-xs uppercase text-slate-500">{p.documentLanguage}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
