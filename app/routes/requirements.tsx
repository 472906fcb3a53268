import { data, Form, Link, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/requirements'
import { StatusBadge } from '~/components/requirement-form'
import { Button, buttonClass } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { Pagination } from '~/components/ui/pagination'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { useI18n } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { lintRules, MISSING_ACCEPTANCE_CRITERION } from '~/models/requirement-lint'
import { bulkUpdateRequirements, listRequirements } from '~/models/requirement.server'
import { BulkSchema, ListQuerySchema, parseRequirementForm, PRIORITIES, REQUIREMENT_TYPES, SORTS, STAGES, STATUSES } from '~/schemas/requirement'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: Route.MetaFunction = () => [{ title: 'Specwright' }]

// Only one page of rows, with the columns the table shows; ratings aggregated for that page alone.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'requirement.view')
  const { t, locale } = await requestI18n(request)
  const url = new URL(request.url)
  const query = ListQuerySchema.parse(Object.fromEntries(url.searchParams))
  const archived = project.archivedAt !== null
  const docLanguage = project.documentLanguage === 'ru' ? 'ru' : 'en'
  const [list, departments] = await Promise.all([listRequirements(db, project.id, query, locale), listDepartments(db, project.id)])
  return {
    ...list,
    query,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    // Rule ids are the same in both rule files; titles follow the reader's language.
    lintOptions: [
      ...lintRules(docLanguage).map((r) => ({ id: r.id, title: r.title[locale] })),
      { id: MISSING_ACCEPTANCE_CRITERION, title: t('requirements.filters.lintMissing') },
    ],
    canEdit: can(membership.role, 'requirement.edit', archived),
    canApprove: can(membership.role, 'requirement.approve', archived),
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'requirement.approve')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const parsed = parseRequirementForm(BulkSchema, form, t)
  if (!parsed.ok) return data({ formError: Object.values(parsed.errors)[0] ?? t('errors.invalid') }, { status: 400 })
  const { ids, status, stage, priority } = parsed.value
  const changed = await bulkUpdateRequirements(db, user.id, project.id, ids, { status, stage, priority })
  invariantResponse(changed !== null, t('errors.notFoundItem'), 404)
  const back = String(form.get('back') ?? '')
  return redirectWithToast(`/p/${project.slug}/requirements${back.startsWith('?') ? back : ''}`, {
    type: 'success',
    message: t('requirements.bulk.done', { count: changed }),
  })
}

const selectClass = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'

export default function Requirements() {
  const { t } = useI18n()
  const { rows, total, page, pages, query, departments, lintOptions, canEdit, canApprove } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const search = params.toString()
  const filter = (name: string, label: string, value: string | undefined, options: { value: string; label: string }[]) => (
    <label className="space-y-1 text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <select name={name} defaultValue={value ?? ''} className={selectClass}>
        <option value="">{t('requirements.filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <div className="space-y-6">
      <PageHeader
        title={t('requirements.title')}
        description={t('requirements.purpose')}
        actions={
          <>
            {canApprove ? (
              <Link to="import" className={buttonClass('secondary')}>
                {t('requirements.import')}
              </Link>
            ) : null}
            {canEdit ? (
              <Link to="new" className={buttonClass('primary')}>
                {t('requirements.new')}
              </Link>
            ) : null}
          </>
        }
      />

      <Panel>
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6" role="search" aria-label={t('requirements.filters.legend')}>
          <label className="space-y-1 text-sm sm:col-span-2">
            <span className="block font-medium text-slate-700">{t('requirements.filters.search')}</span>
            <input type="search" name="q" defaultValue={query.q ?? ''} placeholder={t('requirements.filters.searchPlaceholder')} className={selectClass} />
          </label>
          {filter('type', t('requirements.fields.type'), query.type, REQUIREMENT_TYPES.map((v) => ({ value: v, label: t(`requirements.types.${v}`) })))}
          {filter('priority', t('requirements.fields.priority'), query.priority, PRIORITIES.map((v) => ({ value: v, label: t(`requirements.prioritiesShort.${v}`) })))}
          {filter('status', t('requirements.fields.status'), query.status, STATUSES.map((v) => ({ value: v, label: t(`requirements.statuses.${v}`) })))}
          {filter('stage', t('requirements.fields.stage'), query.stage, STAGES.map((v) => ({ value: v, label: t(`requirements.stages.${v}`) })))}
          {filter('department', t('requirements.fields.department'), query.department, departments.map((d) => ({ value: d.id, label: d.name })))}
          <label className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">{t('requirements.filters.tag')}</span>
            <input name="tag" defaultValue={query.tag ?? ''} maxLength={40} className={selectClass} />
          </label>
          {filter('lint', t('requirements.filters.lint'), query.lint, [
            { value: 'any', label: t('requirements.filters.lintAny') },
            ...lintOptions.map((o) => ({ value: o.id, label: o.title })),
          ])}
          <label className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">{t('requirements.filters.sort')}</span>
            <select name="sort" defaultValue={query.sort} className={selectClass}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`requirements.filters.sorts.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1 text-sm">
            <span className="sr-only">{t('requirements.filters.sort')}</span>
            <select name="dir" defaultValue={query.dir} className={selectClass} aria-label={t('requirements.filters.sort')}>
              <option value="asc">{t('requirements.filters.ascending')}</option>
              <option value="desc">{t('requirements.filters.descending')}</option>
            </select>
          </label>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="unrated" value="1" defaultChecked={query.unrated === '1'} />
            {t('requirements.filters.unrated')}
          </label>
          <div className="flex gap-2">
            <Button type="submit" variant="primary">
              {t('requirements.filters.apply')}
            </Button>
            <Link to="?" className={buttonClass('ghost')}>
              {t('requirements.filters.reset')}
            </Link>
          </div>
        </Form>
      </Panel>

      <FormError message={result?.formError} />

      {rows.length === 0 ? (
        <EmptyState title={t('requirements.empty')}>{t('requirements.emptyHint')}</EmptyState>
      ) : (
        <Panel title={t('requirements.count', { count: total })}>
          {canApprove ? (
            <Form method="post" id="bulk" className="mb-3 flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3 text-sm" aria-label={t('requirements.bulk.legend')}>
              <input type="hidden" name="intent" value="bulk" />
              <input type="hidden" name="back" value={search ? `?${search}` : ''} />
              <span className="pb-1.5 font-medium">{t('requirements.bulk.legend')}</span>
              {(
                [
                  ['status', STATUSES, 'statuses'],
                  ['stage', STAGES, 'stages'],
                  ['priority', PRIORITIES, 'prioritiesShort'],
                ] as const
              ).map(([name, values, ns]) => (
                <label key={name} className="space-y-1">
                  <span className="block text-xs text-slate-600">{t(`requirements.fields.${name}`)}</span>
                  <select name={name} className={selectClass} defaultValue="">
                    <option value="">{t('requirements.bulk.keep')}</option>
                    {values.map((v: string) => (
                      <option key={v} value={v}>
                        {t(`requirements.${ns}.${v}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <Button type="submit" size="sm">
                {t('requirements.bulk.apply')}
              </Button>
            </Form>
          ) : null}
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                columns={[
                  ...(canApprove
                    ? [
                        <input
                          key="all"
                          type="checkbox"
                          aria-label={t('requirements.bulk.selectAll')}
                          onChange={(e) => {
                            const on = e.currentTarget.checked
                            document.querySelectorAll<HTMLInputElement>('input[form="bulk"][name="ids"]').forEach((box) => (box.checked = on))
                          }}
                        />,
                      ]
                    : []),
                  t('requirements.fields.code'),
                  t('requirements.fields.title'),
                  t('requirements.fields.type'),
                  t('requirements.fields.priority'),
                  t('requirements.fields.department'),
                  t('requirements.fields.status'),
                  t('requirements.fields.stage'),
                  t('requirements.fields.rating'),
                  t('requirements.fields.lint'),
                ]}
              />
              <tbody className="divide-y divide-slate-100 align-top">
                {rows.map((r) => (
                  <tr key={r.id}>
                    {canApprove ? (
                      <td className="py-2 pr-2">
                        <input type="checkbox" form="bulk" name="ids" value={r.id} aria-label={t('requirements.bulk.select', { code: r.code })} />
                      </td>
                    ) : null}
                    <td className="whitespace-nowrap py-2 pr-3 font-mono text-xs">
                      <Link to={r.code}>{r.code}</Link>
                    </td>
                    <td className="py-2 pr-3">
                      <Link to={r.code} className="text-slate-900 hover:underline">
                        {r.title}
                      </Link>
                      {r.checklistKey ? (
                        <>
                          {' '}
                          <Badge tone="amber">{t('requirements.securityChecklist')}</Badge>
                        </>
                      ) : null}
                      {r.tags.length > 0 ? (
                        <span className="mt-0.5 flex flex-wrap gap-1">
                          {r.tags.slice(0, 4).map((tag) => (
                            <Link key={tag} to={`?tag=${encodeURIComponent(tag)}`} className="text-xs text-slate-500 hover:underline">
                              #{tag}
                            </Link>
                          ))}
                        </span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3 text-slate-700">{t(`requirements.types.${r.type}`)}</td>
                    <td className="whitespace-nowrap py-2 pr-3">
                      {r.priority === 'must' ? (
                        <Badge tone="blue">{t('requirements.mainTask')}</Badge>
                      ) : (
                        <span className="text-slate-700">{t(`requirements.prioritiesShort.${r.priority}`)}</span>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-slate-700">{r.department?.name ?? '—'}</td>
                    <td className="py-2 pr-3">
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="whitespace-nowrap py-2 pr-3 text-slate-700">{t(`requirements.stages.${r.stage}`)}</td>
                    <td className="whitespace-nowrap py-2 pr-3 tabular-nums">
                      {r.rating ? (
                        <span
                          title={t('requirements.ratingCellTitle', { mean: r.rating.mean.toFixed(1), spread: r.rating.spread, count: r.rating.count })}
                          className={r.rating.spread >= 2 ? 'text-amber-800' : ''}
                        >
                          {t('requirements.ratingCell', { mean: r.rating.mean.toFixed(1), spread: r.rating.spread, count: r.rating.count })}
                        </span>
                      ) : (
                        <span className="text-xs text-slate-400">{t('requirements.noRatings')}</span>
                      )}
                    </td>
                    <td className="py-2">
                      {r.lintCount > 0 ? <Badge tone="amber">{t('requirements.lintCount', { count: r.lintCount })}</Badge> : <span className="text-slate-400">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pages={pages} />
        </Panel>
      )}
    </div>
  )
}
