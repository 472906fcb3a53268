import { Form, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/project.audit'
import { Button } from '~/components/ui/button'
import { Pagination } from '~/components/ui/pagination'
import { PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { formatDateTime, useI18n } from '~/i18n'
import { listProjectAudit, verifyAuditChain } from '~/models/audit.server'
import { db } from '~/utils/db.server'
import { requireProjectPermission } from '~/utils/permissions.server'

const PAGE_SIZE = 50

export async function loader({ request, params }: Route.LoaderArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'audit.view')
  const page = Math.max(1, Number(new URL(request.url).searchParams.get('page')) || 1)
  const { entries, total } = await listProjectAudit(db, project.id, { page, pageSize: PAGE_SIZE })
  return { entries, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

// "Verify chain" recomputes every hash and names the first event that does not fit.
export async function action({ request, params }: Route.ActionArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'audit.view')
  return { verdict: await verifyAuditChain(db, project.id) }
}

export default function AuditLog() {
  const { t, locale } = useI18n()
  const { entries, total, page, pages } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('audit.title')}
        description={t('audit.purpose')}
        actions={
          <Form method="post">
            <Button type="submit">{t('audit.verify')}</Button>
          </Form>
        }
      />
      {result ? (
        <p
          role="status"
          className={`rounded-md border px-3 py-2 text-sm ${result.verdict.ok ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-red-300 bg-red-50 text-red-900'}`}
        >
          {result.verdict.ok
            ? t('audit.chainOk', { count: result.verdict.events })
            : t('audit.chainBroken', { seq: result.verdict.brokenAtSeq, reason: t(`audit.reason.${result.verdict.reason}`) })}
        </p>
      ) : null}
      <Panel title={t('audit.events', { count: total })}>
        <table className="w-full text-sm">
          <TableHead columns={['#', t('audit.when'), t('audit.who'), t('audit.what'), t('audit.change')]} />
          <tbody className="divide-y divide-slate-100 align-top">
            {entries.map((e) => (
              <tr key={e.seq}>
                <td className="py-2 pr-3 tabular-nums text-slate-500">{e.seq}</td>
                <td className="whitespace-nowrap py-2 pr-3">{formatDateTime(e.createdAt, locale)}</td>
                <td className="py-2 pr-3">{e.actor?.name ?? '—'}</td>
                <td className="py-2 pr-3">
                  <code className="text-xs">{e.action}</code>
                </td>
                <td className="py-2">
                  <ChangeSummary before={e.summary.before} after={e.summary.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pagination page={page} pages={pages} />
      </Panel>
    </div>
  )
}

function ChangeSummary({ before, after }: { before: unknown; after: unknown }) {
  const fmt = (v: unknown) =>
    v && typeof v === 'object'
      ? Object.entries(v)
          .map(([k, val]) => `${k}: ${typeof val === 'string' ? val : JSON.stringify(val)}`)
          .join('; ')
      : ''
  const b = fmt(before)
  const a = fmt(after)
  return (
    <div className="max-w-xl break-words text-xs text-slate-700">
      {b ? <p className="text-slate-500 line-through decoration-slate-300">{b}</p> : null}
      {a ? <p>{a}</p> : null}
    </div>
  )
}
