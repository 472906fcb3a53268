import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/processes'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { Badge, EmptyState, PageHeader, Panel } from '~/components/ui/panel'
import { TableHead } from '~/components/ui/table'
import { useT } from '~/i18n'
import { listDepartments } from '~/models/department.server'
import { createProcess, deleteProcess, listProcesses, moveProcess } from '~/models/process.server'
import { parseProcessForm, ProcessesActionSchema, VERDICTS } from '~/schemas/process'
import { db } from '~/utils/db.server'
import { invariantResponse, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { formValues, type FieldErrors } from '~/utils/validation'

// The list shows names, departments and verdict counts; steps themselves load on the process page.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(request, params.slug, 'process.view')
  const canEdit = can(membership.role, 'process.edit', project.archivedAt !== null)
  const [processes, departments] = await Promise.all([listProcesses(db, project.id), canEdit ? listDepartments(db, project.id) : Promise.resolve([])])
  return {
    slug: project.slug,
    processes: processes.map((p) => ({
      id: p.id,
      name: p.name,
      department: p.department?.name ?? null,
      stepCount: p.stepCount,
      verdicts: p.verdicts,
    })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    canEdit,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'process.edit')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const parsed = parseProcessForm(ProcessesActionSchema, form, t)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, formError: null as string | null }, { status: 400 })
  const input = parsed.value
  const back = `/p/${project.slug}/processes`
  switch (input.intent) {
    case 'create-process': {
      const { intent: _intent, ...fields } = input
      const created = await createProcess(db, user.id, project.id, fields)
      if (!created.ok) {
        return data(
          { errors: { departmentId: t('processes.badDepartment') } as FieldErrors, values: formValues(form), formError: null },
          { status: 400 },
        )
      }
      return redirectWithToast(`${back}/${created.id}`, { type: 'success', message: t('processes.created') })
    }
    case 'move-process': {
      const moved = await moveProcess(db, user.id, project.id, input.processId, input.direction)
      invariantResponse(moved.ok, t('errors.notFoundItem'), 404)
      return redirectWithToast(back, { type: 'success', message: t('processes.moved') })
    }
    case 'delete-process': {
      const deleted = await deleteProcess(db, user.id, project.id, input.processId)
      invariantResponse(deleted.ok, t('errors.notFoundItem'), 404)
      return redirectWithToast(back, { type: 'success', message: t('processes.deleted') })
    }
  }
}

export default function Processes() {
  const t = useT()
  const { slug, processes, departments, canEdit } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const value = (name: string) => {
    const v = result?.values?.[name]
    return typeof v === 'string' ? v : undefined
  }

  return (
    <div className="space-y-6">
      <PageHeader title={t('stages.processes.title')} description={t('stages.processes.purpose')} />

      {processes.length === 0 ? (
        <EmptyState title={t('stages.processes.emptyTitle')}>{t('stages.processes.empty')}</EmptyState>
      ) : (
        <Panel title={t('processes.listTitle', { count: processes.length })}>
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                columns={[
                  <span key="n" className="sr-only">
                    {t('processes.order')}
                  </span>,
                  t('processes.name'),
                  t('processes.department'),
                  <span key="steps" className="block text-right">
                    {t('processes.steps')}
                  </span>,
                  ...VERDICTS.map((v) => (
                    <span key={v} className="block text-right">
                      {t(`processes.verdict.${v}`)}
                    </span>
                  )),
                  ...(canEdit
                    ? [
                        <span key="actions" className="sr-only">
                          {t('common.actions')}
                        </span>,
                      ]
                    : []),
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {processes.map((p, i) => (
                  <tr key={p.id}>
                    <td className="w-8 py-2 pr-3 tabular-nums text-slate-500">{i + 1}</td>
                    <td className="py-2 pr-3">
                      <Link to={`/p/${slug}/processes/${p.id}`} className="font-medium text-accent-700 hover:underline">
                        {p.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-3 text-slate-700">
                      {p.department ?? <span className="text-slate-500">{t('processes.noDepartment')}</span>}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{p.stepCount}</td>
                    {VERDICTS.map((v, j) => (
                      <td
                        key={v}
                        className={`py-2 text-right tabular-nums ${canEdit || j < VERDICTS.length - 1 ? 'pr-3' : ''} ${p.verdicts[v] === 0 ? 'text-slate-400' : ''}`}
                      >
                        {p.verdicts[v]}
                      </td>
                    ))}
                    {canEdit ? (
                      <td className="py-2">
                        <div className="flex justify-end gap-1.5">
                          <Form method="post">
                            <input type="hidden" name="intent" value="move-process" />
                            <input type="hidden" name="processId" value={p.id} />
                            <input type="hidden" name="direction" value="up" />
                            <Button type="submit" size="sm" variant="ghost" disabled={i === 0} aria-label={t('processes.moveUpOf', { name: p.name })}>
                              {t('processes.moveUp')}
                            </Button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="move-process" />
                            <input type="hidden" name="processId" value={p.id} />
                            <input type="hidden" name="direction" value="down" />
                            <Button
                              type="submit"
                              size="sm"
                              variant="ghost"
                              disabled={i === processes.length - 1}
                              aria-label={t('processes.moveDownOf', { name: p.name })}
                            >
                              {t('processes.moveDown')}
                            </Button>
                          </Form>
                          <Form
                            method="post"
                            onSubmit={(e) => {
                              if (!confirm(t('processes.confirmDelete', { name: p.name }))) e.preventDefault()
                            }}
                          >
                            <input type="hidden" name="intent" value="delete-process" />
                            <input type="hidden" name="processId" value={p.id} />
                            <Button type="submit" size="sm" variant="danger" aria-label={t('processes.deleteOf', { name: p.name })}>
                              {t('common.delete')}
                            </Button>
                          </Form>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}

      {canEdit ? (
        <Panel title={t('processes.newTitle')}>
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="create-process" />
            {result?.formError ? <FormError message={result.formError} /> : null}
            <div className="grid gap-4 sm:grid-cols-[1fr_16rem]">
              <TextField
                label={t('processes.name')}
                name="name"
                required
                maxLength={160}
                defaultValue={value('name')}
                placeholder={t('processes.namePlaceholder')}
                error={result?.errors.name}
              />
              <SelectField
                label={t('processes.department')}
                name="departmentId"
                defaultValue={value('departmentId') ?? ''}
                options={[{ value: '', label: t('processes.noDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
                error={result?.errors.departmentId}
                hint={departments.length === 0 ? t('processes.noDepartmentsHint') : undefined}
              />
            </div>
            <TextAreaField
              label={t('processes.description')}
              name="description"
              rows={2}
              maxLength={4000}
              defaultValue={value('description')}
              hint={t('processes.descriptionHint')}
              error={result?.errors.description}
            />
            <Button type="submit" variant="primary" disabled={busy}>
              {t('processes.create')}
            </Button>
          </Form>
        </Panel>
      ) : (
        <p className="text-sm text-slate-600">
          <Badge>{t('processes.readOnly')}</Badge>
        </p>
      )}
    </div>
  )
}
