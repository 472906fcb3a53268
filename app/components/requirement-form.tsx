import { useState } from 'react'
import { Form } from 'react-router'
import { RichTextEditor } from '~/components/rich-text-editor'
import { Button } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { Badge } from '~/components/ui/panel'
import { formatDateTime, useI18n } from '~/i18n'
import { DECISION_STATUSES, DIRECTIONS, INTEGRATION_SYSTEMS, PRIORITIES, REQUIREMENT_TYPES, STAGES, STATUSES } from '~/schemas/requirement'
import { plainTextToDoc, type RichTextDoc } from '~/utils/rich-text'
import type { FieldErrors, FormValues } from '~/utils/validation'

export type RequirementFormDefaults = {
  title: string
  statement: string
  rationale: string
  acceptanceCriterion: string
  type: string
  priority: string
  departmentId: string
  status: string
  stage: string
  tags: string
  integrationSystem: string
  integrationSystemName: string
  integrationDirection: string
  integrationDataIn: string
  integrationDataOut: string
  integrationTrigger: string
  integrationVolume: string
}

export const EMPTY_REQUIREMENT: RequirementFormDefaults = {
  title: '',
  statement: '',
  rationale: '',
  acceptanceCriterion: '',
  type: 'functional',
  priority: 'should',
  departmentId: '',
  status: 'draft',
  stage: '1',
  tags: '',
  integrationSystem: '',
  integrationSystemName: '',
  integrationDirection: '',
  integrationDataIn: '',
  integrationDataOut: '',
  integrationTrigger: '',
  integrationVolume: '',
}

/** A stored or submitted statement (tiptap JSON), or plain text such as a quote to start from. */
function statementDoc(value: string): RichTextDoc | string {
  return value.trim().startsWith('{') ? value : plainTextToDoc(value)
}

/**
 * The requirement's fields, shared by the new and the edit page. Submitted values win over the
 * defaults, so a refused save (invalid input or a version conflict) keeps what the user typed.
 */
export function RequirementForm({
  mode,
  departments,
  defaults,
  values,
  errors,
  formError,
  conflict,
  canApprove,
  hidden,
  busy,
}: {
  mode: 'create' | 'edit'
  departments: { id: string; name: string }[]
  defaults: RequirementFormDefaults
  values?: FormValues
  errors?: FieldErrors
  formError?: string | null
  conflict?: { by: string | null; at: string | Date } | null
  canApprove: boolean
  hidden?: Record<string, string | number>
  busy?: boolean
}) {
  const { t, locale } = useI18n()
  const v = (key: keyof RequirementFormDefaults) => {
    const submitted = values?.[key]
    return typeof submitted === 'string' ? submitted : defaults[key]
  }
  const [type, setType] = useState(v('type'))
  const [direction, setDirection] = useState(v('integrationDirection'))
  const current = v('status')
  // A member may move between draft and proposed; decisions are the lead's (the server checks too).
  const statusOptions = STATUSES.filter((s) => canApprove || s === current || !DECISION_STATUSES.includes(s))
  const err = (k: string) => errors?.[k]

  return (
    <Form method="post" className="space-y-4" noValidate>
      <input type="hidden" name="intent" value="save" />
      {hidden ? Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />) : null}
      {conflict ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('requirements.form.conflict', { name: conflict.by ?? t('requirements.form.someone'), time: formatDateTime(conflict.at, locale) })}
        </div>
      ) : null}
      <FormError message={formError ?? (errors && Object.keys(errors).length > 0 ? t('errors.checkFields') : undefined)} />
      <TextField label={t('requirements.fields.title')} name="title" required maxLength={200} defaultValue={v('title')} error={err('title')} />
      <RichTextEditor
        label={t('requirements.fields.statement')}
        name="statement"
        defaultValue={statementDoc(v('statement'))}
        error={err('statement')}
        hint={t('requirements.fields.statementHint')}
      />
      <TextAreaField
        label={t('requirements.fields.acceptanceCriterion')}
        name="acceptanceCriterion"
        rows={3}
        maxLength={4000}
        defaultValue={v('acceptanceCriterion')}
        error={err('acceptanceCriterion')}
        hint={t('requirements.fields.acceptanceCriterionHint')}
      />
      <TextAreaField
        label={t('requirements.fields.rationale')}
        name="rationale"
        rows={2}
        maxLength={4000}
        defaultValue={v('rationale')}
        error={err('rationale')}
        hint={t('requirements.fields.rationaleHint')}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t('requirements.fields.type')}
          name="type"
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          error={err('type')}
          options={REQUIREMENT_TYPES.map((x) => ({ value: x, label: t(`requirements.types.${x}`) }))}
        />
        <SelectField
          label={t('requirements.fields.priority')}
          name="priority"
          defaultValue={v('priority')}
          error={err('priority')}
          options={PRIORITIES.map((x) => ({ value: x, label: t(`requirements.priorities.${x}`) }))}
        />
        <SelectField
          label={t('requirements.fields.department')}
          name="departmentId"
          defaultValue={v('departmentId')}
          error={err('departmentId')}
          options={[{ value: '', label: t('requirements.fields.noDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
        />
        <SelectField
          label={t('requirements.fields.status')}
          name="status"
          defaultValue={current}
          error={err('status')}
          options={statusOptions.map((x) => ({ value: x, label: t(`requirements.statuses.${x}`) }))}
        />
        <SelectField
          label={t('requirements.fields.stage')}
          name="stage"
          defaultValue={v('stage')}
          error={err('stage')}
          options={STAGES.map((x) => ({ value: x, label: t(`requirements.stages.${x}`) }))}
        />
        <TextField label={t('requirements.fields.tags')} name="tags" defaultValue={v('tags')} error={err('tags')} hint={t('requirements.fields.tagsHint')} />
      </div>

      {type === 'integration' ? (
        <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-800">{t('requirements.integration.legend')}</legend>
          <p className="text-sm text-slate-600">{t('requirements.integration.hint')}</p>
          <div className="grid gap-4 sm:grid-cols-3">
            <SelectField
              label={t('requirements.integration.system')}
              name="integrationSystem"
              defaultValue={v('integrationSystem')}
              error={err('integrationSystem')}
              options={[
                { value: '', label: t('requirements.integration.choose') },
                ...INTEGRATION_SYSTEMS.map((x) => ({ value: x, label: t(`requirements.integration.systems.${x}`) })),
              ]}
            />
            <TextField
              label={t('requirements.integration.systemName')}
              name="integrationSystemName"
              maxLength={200}
              defaultValue={v('integrationSystemName')}
              error={err('integrationSystemName')}
              hint={t('requirements.integration.systemNameHint')}
            />
            <SelectField
              label={t('requirements.integration.direction')}
              name="integrationDirection"
              value={direction}
              onChange={(e) => setDirection(e.currentTarget.value)}
              error={err('integrationDirection')}
              options={[
                { value: '', label: t('requirements.integration.choose') },
                ...DIRECTIONS.map((x) => ({ value: x, label: t(`requirements.integration.directions.${x}`) })),
              ]}
            />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            {direction !== 'out' ? (
              <TextAreaField
                label={t('requirements.integration.dataIn')}
                name="integrationDataIn"
                rows={3}
                defaultValue={v('integrationDataIn')}
                error={err('integrationDataIn')}
                hint={t('requirements.integration.dataHint')}
              />
            ) : null}
            {direction !== 'in' ? (
              <TextAreaField
                label={t('requirements.integration.dataOut')}
                name="integrationDataOut"
                rows={3}
                defaultValue={v('integrationDataOut')}
                error={err('integrationDataOut')}
                hint={t('requirements.integration.dataHint')}
              />
            ) : null}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t('requirements.integration.trigger')}
              name="integrationTrigger"
              maxLength={200}
              defaultValue={v('integrationTrigger')}
              error={err('integrationTrigger')}
              hint={t('requirements.integration.triggerHint')}
            />
            <TextField
              label={t('requirements.integration.volume')}
              name="integrationVolume"
              maxLength={200}
              defaultValue={v('integrationVolume')}
              error={err('integrationVolume')}
              hint={t('requirements.integration.volumeHint')}
            />
          </div>
        </fieldset>
      ) : null}

      <Button type="submit" variant="primary" disabled={busy}>
        {mode === 'create' ? t('requirements.form.create') : t('requirements.form.save')}
      </Button>
    </Form>
  )
}

/** A requirement's status, coloured by how settled it is. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n()
  const tone = status === 'approved' ? 'green' : status === 'rejected' ? 'red' : status === 'deferred' ? 'amber' : status === 'proposed' ? 'blue' : 'slate'
  return <Badge tone={tone}>{t(`requirements.statuses.${status}`)}</Badge>
}

