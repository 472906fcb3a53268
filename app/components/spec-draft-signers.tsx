import { useId, useState } from 'react'
import { Button } from '~/components/ui/button'
import { IconButton, moved } from '~/components/ui/icon-button'
import { useI18n } from '~/i18n'

/**
 * The planned signers of the draft editor: who signs, for which party, what the signature
 * means, the role printed on the signature sheet, and the order. Each row posts
 * `signers.<i>.userId|party|meaning|role`; the person list offers only members who may sign
 * for the chosen party (vendor representatives for the vendor, the client's people otherwise).
 */

export type SignerMember = { userId: string; name: string; role: string }
export type SignerValue = { userId: string; party: 'client' | 'vendor'; meaning: 'approved' | 'agreed'; role: string }
type Row = SignerValue & { key: number }

const CLIENT_ROLES = new Set(['lead', 'department_head', 'member'])
const CONTROL = 'block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs aria-[invalid=true]:border-red-500'

export function eligible(member: SignerMember, party: SignerValue['party']): boolean {
  return party === 'vendor' ? member.role === 'vendor' : CLIENT_ROLES.has(member.role)
}

export function SpecDraftSigners({
  signers,
  signingOrder,
  members,
  max,
  errors,
  onChange,
}: {
  signers: SignerValue[]
  signingOrder: 'sequential' | 'parallel'
  members: SignerMember[]
  max: number
  errors: Record<string, string>
  onChange: () => void
}) {
  const { t } = useI18n()
  const [rows, setRows] = useState<Row[]>(() => signers.map((s, i) => ({ ...s, key: i })))
  const [nextKey, setNextKey] = useState(signers.length)

  const update = (next: Row[]) => {
    setRows(next)
    onChange()
  }
  const edit = (index: number, patch: Partial<SignerValue>) =>
    update(
      rows.map((r, i) => {
        if (i !== index) return r
        const merged = { ...r, ...patch }
        // A person who cannot sign for the newly chosen party is unselected.
        const member = members.find((m) => m.userId === merged.userId)
        return member && !eligible(member, merged.party) ? { ...merged, userId: '' } : merged
      }),
    )
  const move = (index: number, delta: -1 | 1) => {
    const next = moved(rows, index, delta)
    if (next !== rows) update(next)
  }
  const add = () => {
    const party = rows.some((r) => r.party === 'client') && !rows.some((r) => r.party === 'vendor') ? 'vendor' : 'client'
    update([...rows, { key: nextKey, userId: '', party, meaning: party === 'client' ? 'approved' : 'agreed', role: '' }])
    setNextKey(nextKey + 1)
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t('specDraft.signers.hint')}</p>
      <p className="text-xs text-slate-500">{t('specDraft.signers.vendorOnly')}</p>
      {rows.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-700">{t('specDraft.signers.none')}</p> : null}
      <ol className="space-y-2">
        {rows.map((row, i) => (
          <SignerRow
            key={row.key}
            index={i}
            row={row}
            members={members}
            errors={errors}
            edit={(patch) => edit(i, patch)}
            up={i > 0 ? () => move(i, -1) : null}
            down={i < rows.length - 1 ? () => move(i, 1) : null}
            remove={() => update(rows.filter((_, k) => k !== i))}
          />
        ))}
      </ol>
      {errors.signers ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.signers}
        </p>
      ) : null}
      <Button size="sm" onClick={add} disabled={rows.length >= max}>
        + {t('specDraft.signers.add')}
      </Button>
      <fieldset className="pt-2">
        <legend className="text-sm font-medium text-slate-700">{t('specDraft.signers.orderLegend')}</legend>
        <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          {(['sequential', 'parallel'] as const).map((o) => (
            <label key={o} className="flex items-center gap-2">
              <input type="radio" name="signingOrder" value={o} defaultChecked={signingOrder === o} className="h-4 w-4" />
              {t(`specDraft.signers.${o}`)}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  )
}

function SignerRow({
  index,
  row,
  members,
  errors,
  edit,
  up,
  down,
  remove,
}: {
  index: number
  row: Row
  members: SignerMember[]
  errors: Record<string, string>
  edit: (patch: Partial<SignerValue>) => void
  up: (() => void) | null
  down: (() => void) | null
  remove: () => void
}) {
  const { t } = useI18n()
  const id = useId()
  const n = index + 1
  const field = (name: keyof SignerValue) => `signers.${index}.${name}`
  const err = (name: keyof SignerValue) => errors[field(name)]
  const options = members.filter((m) => eligible(m, row.party))
  const control = (name: keyof SignerValue) => ({
    id: `${id}-${name}`,
    name: field(name),
    className: CONTROL,
    'aria-invalid': err(name) ? true : undefined,
    'aria-describedby': err(name) ? `${id}-${name}-error` : undefined,
  })
  const errorText = (name: keyof SignerValue) =>
    err(name) ? (
      <p id={`${id}-${name}-error`} role="alert" className="mt-1 text-sm text-red-700">
        {err(name)}
      </p>
    ) : null

  return (
    <li>
      <fieldset className="rounded-md border border-slate-200 bg-white px-3 pb-3 pt-1">
        <legend className="px-1 text-sm font-medium text-slate-800">{t('specDraft.signers.signer', { n })}</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-party`} className="block text-xs font-medium text-slate-600">
              {t('specDraft.signers.party')}
            </label>
            <select {...control('party')} value={row.party} onChange={(e) => edit({ party: e.currentTarget.value === 'vendor' ? 'vendor' : 'client' })}>
              <option value="client">{t('specDraft.signers.client')}</option>
              <option value="vendor">{t('specDraft.signers.vendor')}</option>
            </select>
            {errorText('party')}
          </div>
          <div>
            <label htmlFor={`${id}-userId`} className="block text-xs font-medium text-slate-600">
              {t('specDraft.signers.person')}
            </label>
            <select {...control('userId')} value={row.userId} onChange={(e) => edit({ userId: e.currentTarget.value })}>
              <option value="">{t('specDraft.signers.choose')}</option>
              {options.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} — {t(`roles.${m.role}`)}
                </option>
              ))}
            </select>
            {errorText('userId')}
          </div>
          <div>
            <label htmlFor={`${id}-meaning`} className="block text-xs font-medium text-slate-600">
              {t('specDraft.signers.meaning')}
            </label>
            <select {...control('meaning')} value={row.meaning} onChange={(e) => edit({ meaning: e.currentTarget.value === 'agreed' ? 'agreed' : 'approved' })}>
              <option value="approved">{t('specDraft.signers.approved')}</option>
              <option value="agreed">{t('specDraft.signers.agreed')}</option>
            </select>
            {errorText('meaning')}
          </div>
          <div>
            <label htmlFor={`${id}-role`} className="block text-xs font-medium text-slate-600">
              {t('specDraft.signers.role')}
            </label>
            <input
              {...control('role')}
              type="text"
              maxLength={120}
              value={row.role}
              placeholder={t('specDraft.signers.rolePlaceholder')}
              onChange={(e) => edit({ role: e.currentTarget.value })}
            />
            {errorText('role')}
          </div>
        </div>
        <div className="mt-2 flex justify-end gap-1">
            <IconButton label={t('specDraft.signers.moveUp', { n })} onClick={up}>
              ↑
            </IconButton>
            <IconButton label={t('specDraft.signers.moveDown', { n })} onClick={down}>
              ↓
            </IconButton>
            <IconButton label={t('specDraft.signers.remove', { n })} onClick={remove}>
              ✕
            </IconButton>
        </div>
      </fieldset>
    </li>
  )
}

