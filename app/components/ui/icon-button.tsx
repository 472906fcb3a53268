/** A small square button showing a symbol (↑, ↓, ×), named for screen readers by `label`; disabled without `onClick`. */
export function IconButton({ label, onClick, children, size = 'md' }: { label: string; onClick: (() => void) | null; children: string; size?: 'sm' | 'md' }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={!onClick}
      onClick={onClick ?? undefined}
      className={`inline-flex ${size === 'sm' ? 'h-7 w-7' : 'h-8 w-8'} items-center justify-center rounded border border-slate-300 bg-white text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-30`}
    >
      <span aria-hidden="true">{children}</span>
    </button>
  )
}

/** `list` with the item at `index` swapped with its neighbour `delta` away; the same list at an edge. */
export function moved<T>(list: T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta
  if (target < 0 || target >= list.length) return list
  const next = [...list]
  ;[next[index], next[target]] = [next[target]!, next[index]!]
  return next
}
