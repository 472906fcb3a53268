import { TextAreaField, TextField } from '~/components/ui/field'
import { useI18n } from '~/i18n'

/**
 * The title-sheet fields of the draft editor, as the template lists them (labels and hints in
 * the reader's language). A group (an approver: position and full name) is a small fieldset.
 * An empty field shows, as its placeholder, the value the builder takes from the project.
 */

export type TitleFieldView = {
  /** The stored key: "systemName", or "approverClient.name" inside a group. */
  key: string
  label: string
  hint: string | null
  type: string
  required: boolean
  value: string
  /** What the document prints when the field is left empty (from the project's data). */
  prefilled: string | null
  fields: TitleFieldView[]
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function FieldLabel({ field }: { field: TitleFieldView }) {
  const { t } = useI18n()
  return (
    <>
      {field.label}
      {field.required ? <span className="ml-1 text-xs font-normal text-slate-500">({t('specDraft.titleSheet.required')})</span> : null}
    </>
  )
}

function TitleInput({ field, error }: { field: TitleFieldView; error?: string }) {
  const { t } = useI18n()
  const name = `titleFields.${field.key}`
  const prefillNote = field.prefilled && !field.value ? t('specDraft.titleSheet.prefilled', { value: field.prefilled }) : null
  const hint = [field.hint, prefillNote].filter(Boolean).join(' ') || undefined
  const common = { name, defaultValue: field.value, placeholder: field.prefilled ?? undefined, error, hint, label: <FieldLabel field={field} /> }
  if (field.type === 'textarea') return <TextAreaField {...common} rows={2} maxLength={2000} />
  // A date picker only where the stored value is a plain date (it would drop any other text).
  if (field.type === 'date' && (field.value === '' || ISO_DATE.test(field.value))) return <TextField {...common} type="date" />
  if (field.type === 'year') return <TextField {...common} inputMode="numeric" maxLength={4} />
  return <TextField {...common} maxLength={2000} />
}

export function SpecDraftTitleFields({ fields, errors }: { fields: TitleFieldView[]; errors: Record<string, string> }) {
  const { t } = useI18n()
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t('specDraft.titleSheet.intro')}</p>
      <div className="grid gap-4 md:grid-cols-2">
        {fields.map((f) =>
          f.type === 'group' ? (
            <fieldset key={f.key} className="rounded-md border border-slate-200 px-3 pb-3 pt-1 md:col-span-2">
              <legend className="px-1 text-sm font-medium text-slate-800">
                <FieldLabel field={f} />
              </legend>
              {f.hint ? <p className="mb-2 text-xs text-slate-500">{f.hint}</p> : null}
              <div className="grid gap-3 sm:grid-cols-2">
                {f.fields.map((sub) => (
                  <TitleInput key={sub.key} field={sub} error={errors[`titleFields.${sub.key}`]} />
                ))}
              </div>
            </fieldset>
          ) : (
            <div key={f.key} className={f.type === 'textarea' ? 'md:col-span-2' : ''}>
              <TitleInput field={f} error={errors[`titleFields.${f.key}`]} />
            </div>
          ),
        )}
      </div>
    </div>
  )
}
