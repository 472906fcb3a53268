import { useState, type MouseEvent, type ReactNode } from 'react'
import { buttonClass } from '~/components/ui/button'
import { useI18n } from '~/i18n'

type State = { kind: 'idle' } | { kind: 'preparing' } | { kind: 'downloading'; percent: number | null } | { kind: 'error'; message: string }

/**
 * A download button for an export. Without JavaScript it is a plain link. With it, the click
 * fetches the file and shows what is happening — "Preparing…" while the server renders (a
 * large specification takes seconds), then the download's progress — and saves the file
 * under the name the server gave; an error (e.g. no such version) is shown beside it.
 */
export function ExportLink({ href, children }: { href: string; children: ReactNode }) {
  const { t } = useI18n()
  const [state, setState] = useState<State>({ kind: 'idle' })

  async function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || typeof window.fetch !== 'function') return
    event.preventDefault()
    if (state.kind === 'preparing' || state.kind === 'downloading') return
    setState({ kind: 'preparing' })
    try {
      const res = await fetch(href, { credentials: 'same-origin' })
      if (!res.ok) {
        const text = await res.text()
        let message = text
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? text
        } catch {
          /* plain text */
        }
        setState({ kind: 'error', message: message.slice(0, 300) || `HTTP ${res.status}` })
        return
      }
      const total = Number(res.headers.get('Content-Length') ?? 0)
      const reader = res.body?.getReader()
      const chunks: Uint8Array[] = []
      let received = 0
      setState({ kind: 'downloading', percent: total ? 0 : null })
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          chunks.push(value)
          received += value.length
          if (total) setState({ kind: 'downloading', percent: Math.min(100, Math.round((received / total) * 100)) })
        }
      }
      const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' })
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'specification'
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = name
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      setState({ kind: 'idle' })
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) })
    }
  }

  const busy = state.kind === 'preparing' || state.kind === 'downloading'
  return (
    <span className="inline-flex flex-col">
      <a href={href} download onClick={onClick} aria-busy={busy} className={buttonClass('secondary', 'sm')}>
        {children}
        {state.kind === 'preparing' ? <span className="text-xs text-slate-500"> · {t('specVersion.exportPreparing')}</span> : null}
        {state.kind === 'downloading' ? <span className="text-xs text-slate-500"> · {state.percent === null ? t('specVersion.exportDownloading') : `${state.percent}%`}</span> : null}
      </a>
      <span role="status" aria-live="polite" className="sr-only">
        {state.kind === 'preparing' ? t('specVersion.exportPreparing') : ''}
      </span>
      {state.kind === 'error' ? (
        <span role="alert" className="mt-1 max-w-xs text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
    </span>
  )
}
