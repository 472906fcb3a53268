import { SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { useI18n } from '~/i18n'
import { CURRENCIES } from '~/schemas/project'
import type { FieldErrors, FormValues } from '~/utils/validation'

type ProjectValues = { name: string; clientOrganisation: string; description: string; documentLanguage: string; currency: string }

/** The project's own fields, shared by the create and the settings forms. */
export function ProjectFields({
  errors,
  values,
  defaults,
}: {
  errors?: FieldErrors
  values?: FormValues
  defaults?: ProjectValues
}) {
  const { t, locale } = useI18n()
  const v = (key: keyof ProjectValues) => {
    const submitted = values?.[key]
    return typeof submitted === 'string' ? submitted : defaults?.[key]
  }
  return (
    <>
      <TextField label={t('projects.fields.name')} name="name" required maxLength={120} defaultValue={v('name')} error={errors?.name} />
      <TextField
        label={t('projects.fields.clientOrganisation')}
        name="clientOrganisation"
        required
        maxLength={200}
        defaultValue={v('clientOrganisation')}
        error={errors?.clientOrganisation}
      />
      <TextAreaField
        label={t('projects.fields.description')}
        name="description"
        maxLength={4000}
        defaultValue={v('description')}
        error={errors?.description}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t('projects.fields.documentLanguage')}
          name="documentLanguage"
          defaultValue={v('documentLanguage') ?? locale}
          error={errors?.documentLanguage}
          hint={t('projects.fields.documentLanguageHint')}
          options={[
            { value: 'ru', label: 'Русский' },
            { value: 'en', label: 'English' },
          ]}
        />
        <SelectField
          label={t('projects.fields.currency')}
          name="currency"
          defaultValue={v('currency') ?? (locale === 'ru' ? 'RUB' : 'EUR')}
          error={errors?.currency}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </div>
    </>
  )
}
