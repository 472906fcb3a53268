import type { ReactNode } from 'react'
import { formatDateTime, translate } from '~/i18n'
import { formatMoney } from '~/utils/money'
import type { Block, Cell, Column, Run, Section, SignatureLine, SpecDocument, TitleBlock } from './spec-document'

/**
 * The HTML preview of a specification (docs/decisions/0006): a printable, restrained page
 * rendered from the IR. It decides only how things look — numbers, totals and wording come
 * from the builder. All text goes through React and is escaped; the one exception is a
 * figure's SVG (see FigureBlock).
 */
type Lang = SpecDocument['meta']['language']

export function SpecPreview({ document }: { document: SpecDocument }) {
  const lang = document.meta.language
  const t = (key: string, vars?: Record<string, string | number>) => translate(lang, `specification.preview.${key}`, vars)
  return (
    <article
      lang={lang}
      className="spec-preview mx-auto w-full max-w-[210mm] bg-white px-[18mm] py-[16mm] font-sans text-[13px] leading-relaxed text-slate-900 shadow-sm print:max-w-none print:p-0 print:shadow-none"
    >
      <TitleSheet document={document} t={t} />
      <nav aria-label={t('contents')} className="mt-10 break-before-page print:mt-0">
        <h2 className="mb-3 text-base font-semibold">{t('contents')}</h2>
        <ol className="space-y-0.5">
          {document.sections.map((s) => (
            <TocEntry key={s.id} section={s} depth={0} />
          ))}
          {document.appendices.map((s) => (
            <TocEntry key={s.id} section={s} depth={0} appendixLabel={t('appendix', { number: s.number })} />
          ))}
          <li>
            <a href="#signature-sheet" className="text-slate-900 hover:underline">
              {document.signatureSheet.title || t('signatureSheet')}
            </a>
          </li>
        </ol>
      </nav>
      {document.sections.map((s) => (
        <SectionView key={s.id} section={s} depth={0} lang={lang} t={t} />
      ))}
      {document.appendices.map((s) => (
        <SectionView key={s.id} section={s} depth={0} lang={lang} t={t} appendixLabel={t('appendix', { number: s.number })} />
      ))}
      <SignatureSheet document={document} t={t} />
    </article>
  )
}

type Tr = (key: string, vars?: Record<string, string | number>) => string

function TitleSheet({ document, t }: { document: SpecDocument; t: Tr }) {
  const { titleSheet, meta } = document
  return (
    <header className="spec-title-sheet flex min-h-[240mm] flex-col print:min-h-[250mm]">
      <div className="grid grid-cols-2 gap-10">
        {titleSheet.blocks.map((b, i) => (
          <TitleBlockView key={i} block={b} right={i % 2 === 1} />
        ))}
      </div>
      <div className="my-auto py-16 text-center">
        {titleSheet.titleLines.map((line, i) => (
          <p key={i} className={i === 0 ? 'text-xl font-semibold' : 'mt-2 text-base'}>
            {line}
          </p>
        ))}
        {meta.versionNumber !== undefined ? <p className="mt-4 text-sm text-slate-600">{t('version', { number: meta.versionNumber })}</p> : null}
      </div>
      {titleSheet.footerLine ? <p className="text-center text-sm text-slate-700">{titleSheet.footerLine}</p> : null}
    </header>
  )
}

function TitleBlockView({ block, right }: { block: TitleBlock; right: boolean }) {
  return (
    <div className={right ? 'col-start-2 text-left' : 'text-left'}>
      <p className="font-semibold uppercase tracking-wide">{block.heading}</p>
      {block.lines.map((l, i) => (
        <p key={i} className="mt-1">
          {l.label ? <span className="text-slate-600">{l.label}: </span> : null}
          <span>{l.value}</span>
        </p>
      ))}
    </div>
  )
}

function anchor(section: Section) {
  return `sec-${section.id}`
}

function heading(section: Section, appendixLabel?: string) {
  return appendixLabel ? `${appendixLabel}. ${section.title}` : `${section.number} ${section.title}`
}

function TocEntry({ section, depth, appendixLabel }: { section: Section; depth: number; appendixLabel?: string }) {
  return (
    <li style={{ paddingLeft: `${depth * 1.25}rem` }}>
      <a href={`#${anchor(section)}`} className="text-slate-900 hover:underline">
        {heading(section, appendixLabel)}
      </a>
      {section.children.length > 0 ? (
        <ol className="space-y-0.5">
          {section.children.map((c) => (
            <TocEntry key={c.id} section={c} depth={1} />
          ))}
        </ol>
      ) : null}
    </li>
  )
}

const HEADING_CLASS = ['mb-3 mt-10 text-lg font-semibold', 'mb-2 mt-6 text-base font-semibold', 'mb-2 mt-4 text-[13px] font-semibold']

function SectionView({ section, depth, lang, t, appendixLabel }: { section: Section; depth: number; lang: Lang; t: Tr; appendixLabel?: string }) {
  const level = Math.min(depth, 2)
  const Tag = (['h2', 'h3', 'h4'] as const)[level]!
  return (
    <section id={anchor(section)} className={depth === 0 ? 'spec-section break-before-page' : 'spec-subsection'}>
      <Tag className={HEADING_CLASS[level]}>{heading(section, appendixLabel)}</Tag>
      <Blocks blocks={section.blocks} lang={lang} t={t} />
      {section.children.map((c) => (
        <SectionView key={c.id} section={c} depth={depth + 1} lang={lang} t={t} />
      ))}
    </section>
  )
}

function Blocks({ blocks, lang, t }: { blocks: Block[]; lang: Lang; t: Tr }) {
  return (
    <>
      {blocks.map((b, i) => (
        <BlockView key={i} block={b} lang={lang} t={t} />
      ))}
    </>
  )
}

function BlockView({ block, lang, t }: { block: Block; lang: Lang; t: Tr }): ReactNode {
  switch (block.type) {
    case 'paragraph':
      return (
        <p className="my-2">
          <Runs runs={block.runs} />
        </p>
      )
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i} className="my-1">
          <Blocks blocks={item} lang={lang} t={t} />
        </li>
      ))
      return block.ordered ? <ol className="my-2 list-decimal pl-6 [&_p]:my-0">{items}</ol> : <ul className="my-2 list-disc pl-6 [&_p]:my-0">{items}</ul>
    }
    case 'table':
      return <TableView block={block} lang={lang} />
    case 'figure':
      return (
        <figure className="my-4 break-inside-avoid">
          {/* The SVG is produced server-side (renderProcessDiagramSvg) from escaped data, so it is
              trusted markup here; it is the only non-React-escaped content in the preview. */}
          <div className="spec-figure overflow-x-auto [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: block.svg }} />
          {block.caption ? <figcaption className="mt-1 text-center text-xs text-slate-600">{block.caption}</figcaption> : null}
        </figure>
      )
    case 'note':
      return block.tone === 'warning' ? (
        <div role="note" className="spec-note-warning my-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          <span aria-label={t('warning')}>⚠ </span>
          <Runs runs={block.runs} />
        </div>
      ) : (
        <p className="spec-note-empty my-2 italic text-slate-500">
          <Runs runs={block.runs} />
        </p>
      )
    case 'pageBreak':
      return <div className="spec-page-break break-after-page" aria-hidden="true" />
  }
}

function Runs({ runs }: { runs: Run[] }) {
  return (
    <>
      {runs.map((r, i) => (
        <RunView key={i} run={r} />
      ))}
    </>
  )
}

function RunView({ run }: { run: Run }) {
  let node: ReactNode = run.text
  if (run.bold) node = <strong>{node}</strong>
  if (run.italic) node = <em>{node}</em>
  if (run.underline) node = <u>{node}</u>
  if (run.strike) node = <s>{node}</s>
  if (run.link) {
    node = (
      <a href={safeHref(run.link)} rel="noopener noreferrer" target="_blank" className="text-accent-800 underline">
        {node}
      </a>
    )
  }
  return (
    <>
      {run.break ? <br /> : null}
      {node}
    </>
  )
}

/** Only web and mail links are followed; anything else (javascript:, data:) is rendered inert. */
function safeHref(link: string): string | undefined {
  return /^(https?:|mailto:)/i.test(link.trim()) ? link : undefined
}

const ALIGN: Record<Column['align'], string> = {
  left: 'text-left',
  right: 'text-right',
  center: 'text-center',
}

function TableView({ block, lang }: { block: Extract<Block, { type: 'table' }>; lang: Lang }) {
  const total = block.columns.reduce((sum, c) => sum + c.weight, 0) || 1
  return (
    <table className="spec-table my-4 w-full border-collapse break-inside-auto text-[12px]">
      {block.caption ? <caption className="mb-1 caption-top text-left text-xs text-slate-600">{block.caption}</caption> : null}
      <colgroup>
        {block.columns.map((c, i) => (
          <col key={i} style={{ width: `${((c.weight / total) * 100).toFixed(2)}%` }} />
        ))}
      </colgroup>
      {block.head.length > 0 ? (
        <thead className="bg-slate-50">
          <tr>
            {block.head.map((cell, i) => (
              <CellView key={i} cell={cell} column={block.columns[i]} lang={lang} header />
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {block.rows.map((row, r) => (
          <tr key={r} className="break-inside-avoid">
            {row.map((cell, i) => (
              <CellView key={i} cell={cell} column={block.columns[i]} lang={lang} />
            ))}
          </tr>
        ))}
      </tbody>
      {block.foot && block.foot.length > 0 ? (
        <tfoot>
          {block.foot.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) => (
                <CellView key={i} cell={cell} column={block.columns[i]} lang={lang} />
              ))}
            </tr>
          ))}
        </tfoot>
      ) : null}
    </table>
  )
}

const EMPHASIS: Record<NonNullable<Cell['emphasis']>, string> = {
  total: 'font-bold',
  subtotal: 'font-semibold',
  danger: 'text-red-700',
  muted: 'text-slate-500',
}

function CellView({ cell, column, lang, header = false }: { cell: Cell; column: Column | undefined; lang: Lang; header?: boolean }) {
  const align = cell.money ? 'spec-money text-right tabular-nums' : ALIGN[column?.align ?? 'left']
  const className = ['border border-slate-300 px-2 py-1 align-top', align, header ? 'font-semibold' : '', cell.emphasis ? EMPHASIS[cell.emphasis] : ''].filter(Boolean).join(' ')
  const content = (
    <>
      {cell.emphasis === 'danger' ? <span className="spec-danger-marker">⚠ </span> : null}
      {cell.money ? formatMoney(cell.money.minor, cell.money.currency, lang) : <Runs runs={cell.runs} />}
    </>
  )
  return header ? (
    <th scope="col" colSpan={cell.colspan} className={className}>
      {content}
    </th>
  ) : (
    <td colSpan={cell.colspan} className={className}>
      {content}
    </td>
  )
}

function SignatureSheet({ document, t }: { document: SpecDocument; t: Tr }) {
  const { signatureSheet, meta } = document
  const cols = ['name', 'position', 'party', 'meaning', 'time', 'hash', 'signature'] as const
  return (
    <section id="signature-sheet" className="spec-signature-sheet break-before-page">
      <h2 className="mb-3 mt-10 text-lg font-semibold">{signatureSheet.title || t('signatureSheet')}</h2>
      <table className="w-full table-fixed border-collapse text-[11px]">
        <thead className="bg-slate-50">
          <tr>
            {cols.map((c) => (
              <th key={c} scope="col" className="border border-slate-300 px-2 py-1 text-left font-semibold">
                {t(`columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {signatureSheet.lines.map((line, i) => (
            <SignatureRow key={i} line={line} lang={meta.language} t={t} />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function SignatureRow({ line, lang, t }: { line: SignatureLine; lang: Lang; t: Tr }) {
  const cell = 'border border-slate-300 px-2 py-2 align-bottom'
  const blank = <span className="spec-sign-blank block min-h-[1.25rem] w-full border-b border-slate-900">&nbsp;</span>
  const signed = line.signedAt !== undefined
  return (
    <tr className="break-inside-avoid">
      <td className={cell}>{line.name || blank}</td>
      <td className={cell}>{line.position || line.role || blank}</td>
      <td className={cell}>{t(`party.${line.party}`)}</td>
      <td className={cell}>{t(`meaning.${line.meaning}`)}</td>
      <td className={cell}>{signed ? formatDateTime(line.signedAt!, lang) : blank}</td>
      <td className={`${cell} break-all font-mono text-[10px]`}>{line.contentHash ?? (signed ? '' : blank)}</td>
      <td className={cell}>{signed ? '' : blank}</td>
    </tr>
  )
}
