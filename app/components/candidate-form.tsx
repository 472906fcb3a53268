import { useState } from 'react'
import { Form } from 'react-router'
import { Button } from '~/components/ui/button'
import { SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { useT, type T } from '~/i18n'
import { formatMoney } from '~/utils/money'
import { HOSTINGS, LICENCE_MODELS } from '~/schemas/candidate'
import type { FieldErrors, FormValues } from '~/utils/validation'

export type CandidateFormValues = {
  vendor: string
  product: string
  edition: string
  productVersion: string
  hosting: string
  licenceModel: string
  pricePerUserMonthMinor: number
  perpetualPerUserMinor: number
  users: number
  implementationCostMinor: number
  annualSupportCostMinor: number
  demoAccess: string
  contacts: string
}

/** Minor units as a person would type them back: "1250000" or "1250000.50" (no grouping, no currency). */
export function amountInput(minor: number): string {
  if (minor === 0) return ''
  const whole = Math.trunc(minor / 100)
  const cents = Math.abs(minor % 100)
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`
}

/**
 * The candidate's fields, for creating (list page) and editing (candidate page). Amounts are
 * typed as text in the project currency; the server parses them and names the field it refuses.
 */
export function CandidateForm({
  intent,
  candidate,
  version,
  typed,
  errors,
  currency,
  busy,
  submitLabel,
}: {
  intent: string
  candidate: CandidateFormValues | null
  version?: number
  /** What the person typed in a refused submission: shown again as typed. */
  typed: FormValues | null
  errors: FieldErrors
  currency: string
  busy: boolean
  submitLabel: string
}) {
  const t = useT()
  const value = (name: keyof CandidateFormValues, fallback: string) => {
    const v = typed?.[name]
    return typeof v === 'string' ? v : fallback
  }
  const money = (name: keyof CandidateFormValues) => value(name, amountInput(Number(candidate?.[name] ?? 0)))
  const [model, setModel] = useState(value('licenceModel', candidate?.licenceModel ?? 'subscription'))
  const moneyHint = t('candidates.form.moneyHint', { currency })

  return (
    <Form method="post" noValidate className="space-y-4">
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t('candidates.field.vendor')} name="vendor" required maxLength={160} defaultValue={value('vendor', candidate?.vendor ?? '')} error={errors.vendor} />
        <TextField label={t('candidates.field.product')} name="product" required maxLength={160} defaultValue={value('product', candidate?.product ?? '')} error={errors.product} />
        <TextField label={t('candidates.field.edition')} name="edition" maxLength={120} defaultValue={value('edition', candidate?.edition ?? '')} error={errors.edition} />
        <TextField label={t('candidates.field.productVersion')} name="productVersion" maxLength={60} defaultValue={value('productVersion', candidate?.productVersion ?? '')} error={errors.productVersion} />
        <SelectField
          label={t('candidates.field.hosting')}
          name="hosting"
          defaultValue={value('hosting', candidate?.hosting ?? 'cloud')}
          options={HOSTINGS.map((h) => ({ value: h, label: t(`candidates.hosting.${h}`) }))}
          error={errors.hosting}
        />
        <TextField
          label={t('candidates.field.users')}
          name="users"
          inputMode="numeric"
          required
          defaultValue={value('users', String(candidate?.users ?? 1))}
          error={errors.users}
        />
      </div>

      <fieldset className="rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-700">{t('candidates.field.licenceModel')}</legend>
        <div className="mb-3 flex flex-wrap gap-4 text-sm">
          {LICENCE_MODELS.map((m) => (
            <label key={m} className="inline-flex items-center gap-2">
              <input type="radio" name="licenceModel" value={m} checked={model === m} onChange={() => setModel(m)} className="h-4 w-4" />
              {t(`candidates.licence.${m}`)}
            </label>
          ))}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {model === 'perpetual' ? (
            <TextField
              label={t('candidates.field.perpetualPerUserMinor')}
              name="perpetualPerUserMinor"
              inputMode="decimal"
              defaultValue={money('perpetualPerUserMinor')}
              hint={moneyHint}
              error={errors.perpetualPerUserMinor}
            />
          ) : (
            <TextField
              label={t('candidates.field.pricePerUserMonthMinor')}
              name="pricePerUserMonthMinor"
              inputMode="decimal"
              defaultValue={money('pricePerUserMonthMinor')}
              hint={moneyHint}
              error={errors.pricePerUserMonthMinor}
            />
          )}
          <TextField
            label={t('candidates.field.annualSupportCostMinor')}
            name="annualSupportCostMinor"
            inputMode="decimal"
            defaultValue={money('annualSupportCostMinor')}
            hint={moneyHint}
            error={errors.annualSupportCostMinor}
          />
          <TextField
            label={t('candidates.field.implementationCostMinor')}
            name="implementationCostMinor"
            inputMode="decimal"
            defaultValue={money('implementationCostMinor')}
            hint={moneyHint}
            error={errors.implementationCostMinor}
          />
        </div>
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <TextAreaField label={t('candidates.field.demoAccess')} name="demoAccess" rows={3} maxLength={2000} defaultValue={value('demoAccess', candidate?.demoAccess ?? '')} error={errors.demoAccess} />
        <TextAreaField label={t('candidates.field.contacts')} name="contacts" rows={3} maxLength={2000} defaultValue={value('contacts', candidate?.contacts ?? '')} error={errors.contacts} />
      </div>
      <Button type="submit" variant="primary" disabled={busy}>
        {submitLabel}
      </Button>
    </Form>
  )
}

/** "€15 per user per month" or "€900 per user, once". */
export function licenceLabel(
  c: { licenceModel: string; pricePerUserMonthMinor: number; perpetualPerUserMinor: number },
  currency: string,
  locale: string,
  t: T,
): string {
  return c.licenceModel === 'perpetual'
    ? t('candidates.perpetualPrice', { price: formatMoney(c.perpetualPerUserMinor, currency, locale) })
    : t('candidates.subscriptionPrice', { price: formatMoney(c.pricePerUserMonthMinor, currency, locale) })
}
