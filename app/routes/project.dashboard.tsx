import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/project.dashboard'
import { Panel } from '~/components/ui/panel'
import { formatDate, useI18n } from '~/i18n'
import { reviewStatus } from '~/models/spec-review.server'
import { projectOverview } from '~/models/project.server'
import { STAGES } from '~/stages'
import { can } from '~/utils/permissions'
import { visibleCandidates } from '~/models/candidate.server'
import { visibleImprovementsWhere } from '~/models/improvement.server'
import { db } from '~/utils/db.server'
import { requireProjectPermission } from '~/utils/permissions.server'
import { useProjectData } from './project'

// Counts per stage and the next thing that needs attention; nothing more.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'project.view')
  const overview = await projectOverview(db, project.id)
  // A vendor counts only its own candidate and the items addressed to it (the models' own
  // visibility rules): even the number of competitors is not theirs to see.
  const vendor = membership.role === 'vendor'
  const [candidates, improvements, versions, review] = await Promise.all([
    db.candidate.count({ where: visibleCandidates(project.id, membership) }),
    db.improvement.count({
      where: {
        ...visibleImprovementsWhere(project.id, vendor ? { kind: 'vendor', candidateId: membership.candidateId } : { kind: 'team' }),
        ...(vendor ? {} : { status: { notIn: ['suggested', 'dismissed'] } }),
      },
    }),
    db.specVersion.count({ where: { projectId: project.id } }),
    reviewStatus(db, project.id),
  ])
  const stageCounts: Record<(typeof STAGES)[number], number> = {
    ...overview.stages,
    candidates,
    improvements,
    specification: versions,
  }
  // Vendors do not see the working group's size or invitations (see the permission table).
  const group = can(membership.role, 'members.view') ? overview.group : null
  const specReview = review ? { ...review, deadline: review.deadline.toISOString() } : null
  return { stageCounts, group, description: project.description, specReview }
}

export default function Dashboard() {
  const { t, locale } = useI18n()
  const { stageCounts, group, description, specReview } = useLoaderData<typeof loader>()
  const { project, allowed } = useProjectData()
  const base = `/p/${project.slug}`
  const next = STAGES.find((s) => stageCounts[s] === 0)
  return (
    <div className="space-y-6">
      <div>
        <h1>{project.name}</h1>
        {description ? <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p> : null}
      </div>
      {group ? (
        <Panel title={t('dashboard.group')}>
          <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            <Stat label={t('dashboard.members')} value={group.members} />
            <Stat label={t('dashboard.departments')} value={group.departments} />
            <Stat label={t('dashboard.openInvitations')} value={group.openInvitations} />
            <Stat label={t('dashboard.leads')} value={group.leads} />
          </dl>
          {group.members < 2 && allowed.includes('members.view') && !project.archived ? (
            <p className="mt-3 text-sm text-slate-700">
              {t('dashboard.formGroup')}{' '}
              <Link to={`${base}/members`} className="text-accent-700 underline">
                {t('dashboard.openGroup')}
              </Link>
            </p>
          ) : null}
        </Panel>
      ) : null}
      {specReview ? (
        <p
          role="status"
          data-testid="spec-review"
          className={`rounded-lg border px-4 py-3 text-sm ${specReview.overdue ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-950'}`}
        >
          {t(specReview.overdue ? 'dashboard.specReviewOverdue' : 'dashboard.specReview', { number: specReview.number, date: formatDate(specReview.deadline, locale), count: specReview.openComments })}{' '}
          <Link to={`${base}/specification/v/${specReview.number}#remarks`} className="font-medium underline">
            {t('dashboard.openVersion')}
          </Link>
        </p>
      ) : null}
      <Panel title={t('dashboard.stages')}>
        <ol className="divide-y divide-slate-100">
          {STAGES.map((stage, i) => (
            <li key={stage} className="flex items-center gap-4 py-2.5">
              <span className="w-5 text-right text-sm tabular-nums text-slate-500">{i + 1}</span>
              <Link to={`${base}/${stage}`} className="w-56 font-medium text-accent-700 hover:underline">
                {t(`stages.${stage}.title`)}
              </Link>
              <span className="w-16 text-right tabular-nums">{stageCounts[stage]}</span>
              <span className="flex-1 text-sm text-slate-600">
                {stage === next ? <strong className="font-medium text-slate-900">{t('dashboard.next')} </strong> : null}
                {stageCounts[stage] === 0 ? t(`stages.${stage}.empty`) : null}
              </span>
            </li>
          ))}
        </ol>
      </Panel>
    </div>
  )
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  )
}
