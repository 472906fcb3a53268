import { createContext, useContext, useState } from 'react'
import { RichTextEditor } from '~/components/rich-text-editor'
import { Badge } from '~/components/ui/panel'
import { IconButton, moved } from '~/components/ui/icon-button'
import { useI18n } from '~/i18n'
import type { RichTextDoc } from '~/utils/rich-text'

/**
 * The sections of the draft editor: the template's tree, each section collapsed by default.
 * A free section gets a rich-text editor, a generated one says what it is built from and may get
 * an added text; an optional section has an "include" box; a template without a standard's
 * fixed order gets arrows for its top-level sections. Editors are created when a section is
 * first opened (a GOST draft has ~60 sections) and stay mounted afterwards, so a collapsed
 * section still submits what was typed into it.
 */

export type SectionView = {
  id: string
  number: string
  title: string
  kind: 'free' | 'generated'
  mandatory: boolean
  guidance: string | null
  /** For a generated section: what it is built from, and the fields or types it uses. */
  source: string | null
  details: string | null
  text: RichTextDoc | null
  included: boolean
  children: SectionView[]
}

// "Expand all" / "Collapse all": a request every section follows once.
type OpenRequest = { open: boolean; seq: number }
const OpenAll = createContext<OpenRequest>({ open: false, seq: 0 })

function countFree(list: SectionView[]): { free: number; filled: number } {
  return list.reduce(
    (acc, s) => {
      const sub = countFree(s.children)
      const isFree = s.kind === 'free'
      return { free: acc.free + sub.free + (isFree ? 1 : 0), filled: acc.filled + sub.filled + (isFree && s.text ? 1 : 0) }
    },
    { free: 0, filled: 0 },
  )
}

export function SpecDraftSections({
  sections,
  appendices,
  orderable,
  errors,
  onReorder,
}: {
  sections: SectionView[]
  appendices: SectionView[]
  /** Top-level order can be changed (a template without a standard). */
  orderable: boolean
  errors: Record<string, string>
  onReorder: () => void
}) {
  const { t } = useI18n()
  const [order, setOrder] = useState(() => sections.map((s) => s.id))
  const [openAll, setOpenAll] = useState<OpenRequest>({ open: false, seq: 0 })
  const byId = new Map(sections.map((s) => [s.id, s]))
  const top = order.map((id) => byId.get(id)).filter((s): s is SectionView => s !== undefined)
  const { free, filled } = countFree([...sections, ...appendices])

  const move = (index: number, delta: -1 | 1) => {
    setOrder((o) => moved(o, index, delta))
    onReorder()
  }

  return (
    <OpenAll.Provider value={openAll}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">{t('specDraft.sections.filled', { count: free, filled })}</p>
        <div className="flex gap-2">
          <button type="button" className="text-sm text-accent-700 underline" onClick={() => setOpenAll((r) => ({ open: true, seq: r.seq + 1 }))}>
            {t('specDraft.sections.expandAll')}
          </button>
          <button type="button" className="text-sm text-accent-700 underline" onClick={() => setOpenAll((r) => ({ open: false, seq: r.seq + 1 }))}>
            {t('specDraft.sections.collapseAll')}
          </button>
        </div>
      </div>
      {orderable ? <p className="mb-3 text-sm text-slate-600">{t('specDraft.sections.orderNote')}</p> : null}
      {orderable ? order.map((id) => <input key={id} type="hidden" name="sectionOrder" value={id} />) : null}
      {errors.sectionOrder ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {errors.sectionOrder}
        </p>
      ) : null}
      {errors.excluded ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {errors.excluded}
        </p>
      ) : null}
      <ul className="space-y-1.5">
        {top.map((s, i) => (
          <SectionNode
            key={s.id}
            section={s}
            errors={errors}
            move={orderable ? { up: i > 0 ? () => move(i, -1) : null, down: i < top.length - 1 ? () => move(i, 1) : null } : null}
          />
        ))}
        {appendices.map((s) => (
          <SectionNode key={s.id} section={s} errors={errors} move={null} />
        ))}
      </ul>
    </OpenAll.Provider>
  )
}

function hasError(section: SectionView, errors: Record<string, string>): boolean {
  return Boolean(errors[`freeText.${section.id}`]) || section.children.some((c) => hasError(c, errors))
}

function SectionNode({
  section,
  errors,
  move,
}: {
  section: SectionView
  errors: Record<string, string>
  move: { up: (() => void) | null; down: (() => void) | null } | null
}) {
  const { t } = useI18n()
  const openAll = useContext(OpenAll)
  const error = errors[`freeText.${section.id}`]
  const [open, setOpen] = useState(Boolean(error))
  const [mounted, setMounted] = useState(Boolean(error))
  const [included, setIncluded] = useState(section.included)
  const heading = `${section.number ? `${section.number} ` : ''}${section.title}`
  const childError = section.children.some((c) => hasError(c, errors))

  // "Expand all"/"Collapse all", and a failed save naming this section's text, open or close
  // it once (state adjusted during render, as React recommends for derived updates).
  const [seen, setSeen] = useState({ seq: openAll.seq, error })
  if (seen.seq !== openAll.seq || seen.error !== error) {
    setSeen({ seq: openAll.seq, error })
    if (seen.seq !== openAll.seq) {
      setOpen(openAll.open)
      if (openAll.open) setMounted(true)
    }
    if (error && seen.error !== error) {
      setOpen(true)
      setMounted(true)
    }
  }

  return (
    <li>
      <div className={`flex items-start gap-2 rounded-md border ${error || childError ? 'border-red-300' : 'border-slate-200'} ${included ? 'bg-white' : 'bg-slate-50'}`}>
        <details
          open={open}
          onToggle={(e) => {
            const isOpen = e.currentTarget.open
            setOpen(isOpen)
            if (isOpen) setMounted(true)
          }}
          className="min-w-0 flex-1"
        >
          <summary className="flex cursor-pointer list-none gap-2 px-3 py-2 marker:hidden [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="w-3 shrink-0 text-slate-500">
              {open ? '▾' : '▸'}
            </span>
            <span className="min-w-0 flex-1">
              <span className={`mr-2 font-medium ${included ? 'text-slate-900' : 'text-slate-500 line-through'}`}>{heading}</span>
              <SectionBadges section={section} included={included} />
            </span>
          </summary>
          <div className="space-y-3 border-t border-slate-100 px-3 py-3">
            {section.guidance ? (
              <div className="rounded bg-slate-50 px-3 py-2 text-sm text-slate-700">
                <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t('specDraft.sections.guidance')}</p>
                <p className="mt-0.5 whitespace-pre-line">{section.guidance}</p>
              </div>
            ) : null}
            {section.kind === 'generated' && section.source ? (
              <p className="text-sm text-slate-700">
                {section.source}
                {section.details ? <span className="text-slate-500"> {section.details}</span> : null}
              </p>
            ) : null}
            {mounted ? (
              <RichTextEditor
                name={`freeText.${section.id}`}
                label={
                  <>
                    {section.kind === 'free' ? t('specDraft.sections.text') : t('specDraft.sections.addition')}
                    <span className="sr-only">— {heading}</span>
                  </>
                }
                defaultValue={section.text}
                error={error}
              />
            ) : null}
          </div>
        </details>
        {!section.mandatory ? (
          <span className="flex shrink-0 items-center gap-1.5 px-2 py-2 text-sm text-slate-700">
            <input type="hidden" name="optional" value={section.id} />
            <label className="flex items-center gap-1.5">
              <input
                type="checkbox"
                name="include"
                value={section.id}
                checked={included}
                onChange={(e) => setIncluded(e.currentTarget.checked)}
                className="h-4 w-4 rounded border-slate-300"
              />
              {t('specDraft.sections.include')}
              <span className="sr-only">— {heading}</span>
            </label>
          </span>
        ) : null}
        {move ? (
          <span className="flex shrink-0 gap-1 px-2 py-1.5">
            <IconButton size="sm" label={t('specDraft.sections.moveUp', { title: section.title })} onClick={move.up}>
              ↑
            </IconButton>
            <IconButton size="sm" label={t('specDraft.sections.moveDown', { title: section.title })} onClick={move.down}>
              ↓
            </IconButton>
          </span>
        ) : null}
      </div>
      {section.children.length > 0 ? (
        <ul className="ml-4 mt-1.5 space-y-1.5 border-l border-slate-200 pl-3">
          {section.children.map((c) => (
            <SectionNode key={c.id} section={c} errors={errors} move={null} />
          ))}
        </ul>
      ) : null}
    </li>
  )
}

function SectionBadges({ section, included }: { section: SectionView; included: boolean }) {
  const { t } = useI18n()
  return (
    <span className="inline-flex flex-wrap items-center gap-1 align-middle">
      {section.kind === 'generated' ? <Badge tone="blue">{t('specDraft.sections.generated')}</Badge> : null}
      {!section.mandatory ? <Badge>{t('specDraft.sections.optional')}</Badge> : null}
      {!included ? <Badge tone="amber">{t('specDraft.sections.leftOut')}</Badge> : null}
      {section.kind === 'free' ? (
        section.text ? (
          <Badge tone="green">✓ {t('specDraft.sections.hasText')}</Badge>
        ) : (
          <span className="text-xs text-slate-500">{t('specDraft.sections.noText')}</span>
        )
      ) : section.text ? (
        <Badge tone="green">✓ {t('specDraft.sections.hasAddition')}</Badge>
      ) : null}
    </span>
  )
}
