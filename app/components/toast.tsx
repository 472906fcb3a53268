import { useEffect, useState } from 'react'
import { useT } from '~/i18n'
import type { Toast } from '~/utils/toast.server'

/** The one-shot message of the last action; announced politely to screen readers. */
export function ToastView({ toast }: { toast: Toast }) {
  const t = useT()
  const [visible, setVisible] = useState(true)
  // The root renders this with the toast as its key, so each new message starts visible.
  useEffect(() => {
    const timer = setTimeout(() => setVisible(false), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  const tone =
    toast.type === 'error'
      ? 'border-red-300 bg-red-50 text-red-900'
      : toast.type === 'success'
        ? 'border-emerald-300 bg-emerald-50 text-emerald-900'
        : 'border-slate-300 bg-white text-slate-900'
  return (
    <div role="status" aria-live="polite" className="no-print fixed bottom-4 right-4 z-50">
      {visible ? (
        <div className={`flex items-start gap-3 rounded-md border px-4 py-3 text-sm shadow-sm ${tone}`}>
          <span>{toast.message}</span>
          <button type="button" onClick={() => setVisible(false)} aria-label={t('common.dismiss')} className="text-slate-500 hover:text-slate-800">
            ×
          </button>
        </div>
      ) : null}
    </div>
  )
}
