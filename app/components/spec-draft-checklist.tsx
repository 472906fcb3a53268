import { useI18n } from '~/i18n'

/**
 * The completeness checklist of the draft editor: one line per rule of the template, with a
 * mark and a word for passed/failed (not colour alone), whether a failure blocks issuing, and
 * what is missing (field labels, requirement codes, section numbers).
 */

export type ChecklistItem = { id: string; title: string; severity: 'error' | 'warning'; ok: boolean; missing: string[] }

const SHOWN = 12

export function SpecDraftChecklist({ items }: { items: ChecklistItem[] }) {
  const { t } = useI18n()
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((item) => {
        const shown = item.missing.slice(0, SHOWN)
        const more = item.missing.length - shown.length
        return (
          <li key={item.id} className="flex gap-3 py-2">
            <span
              aria-hidden="true"
              className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
                item.ok ? 'bg-emerald-100 text-emerald-800' : item.severity === 'error' ? 'bg-red-100 text-red-800' : 'bg-amber-100 text-amber-900'
              }`}
            >
              {item.ok ? '✓' : item.severity === 'error' ? '✗' : '!'}
            </span>
            <div className="min-w-0 text-sm">
              <p>
                <span className="sr-only">{item.ok ? t('specDraft.checklist.passed') : t('specDraft.checklist.failed')}: </span>
                <span className={item.ok ? 'text-slate-700' : 'font-medium text-slate-900'}>{item.title}</span>
                {!item.ok ? (
                  <span className={`ml-2 text-xs font-medium ${item.severity === 'error' ? 'text-red-700' : 'text-amber-800'}`}>
                    ({item.severity === 'error' ? t('specDraft.checklist.error') : t('specDraft.checklist.warning')})
                  </span>
                ) : null}
              </p>
              {!item.ok && shown.length > 0 ? (
                <p className="mt-0.5 break-words text-slate-600">
                  {t('specDraft.checklist.missing', { list: shown.join(', ') })}
                  {more > 0 ? ` ${t('specDraft.checklist.more', { count: more })}` : ''}
                </p>
              ) : null}
            </div>
          </li>
        )
      })}
    </ul>
  )
}
