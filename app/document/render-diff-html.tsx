import { Badge } from '~/components/ui/panel'
import { formatMoney } from '~/utils/money'
import {
  diffLabel,
  fieldLabel,
  formatDelta,
  formatFieldValue,
  summaryLines,
  type Change,
  type DiffLine,
  type FieldChange,
  type ImprovementChange,
  type ImprovementField,
  type Lang,
  type RequirementChange,
  type RequirementField,
  type SectionChange,
  type SpecDiff,
} from './diff'
import { label } from './labels'

/**
 * The changes between two specification versions, on screen: a summary, then requirement,
 * improvement, section and title-sheet changes. Old values are <del> (struck through, red),
 * new ones <ins> (green); a hidden word says which is which for screen readers, and the +/−
 * marks say it without colour. Words come from the diff's own label table, in the document's
 * language, like the document itself.
 */
export function SpecDiffView({ diff, lang, showTitle = true }: { diff: SpecDiff; lang: Lang; showTitle?: boolean }) {
  const currency = diff.currency
  const title = label(lang, 'changes', { from: diff.from, to: diff.to })
  return (
    <section lang={lang} aria-label={title} className="spec-diff space-y-8 text-sm text-slate-900">
      <header>
        {showTitle ? <h2 className="text-base font-semibold">{title}</h2> : null}
        <ul className="mt-2 space-y-0.5 text-slate-700">
          {summaryLines(diff, lang).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {diff.isEmpty ? <p className="mt-3 italic text-slate-500">{diffLabel(lang, 'noChanges')}</p> : null}
      </header>
      {diff.requirements.length > 0 ? <Requirements items={diff.requirements} lang={lang} currency={currency} /> : null}
      {diff.improvements.length > 0 ? <Improvements diff={diff} lang={lang} /> : null}
      {diff.sections.length > 0 ? <Sections items={diff.sections} lang={lang} /> : null}
      {diff.titleSheet.length > 0 ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold">{diffLabel(lang, 'titleSheet')}</h3>
          <Lines lines={diff.titleSheet} lang={lang} />
        </section>
      ) : null}
    </section>
  )
}

const TONE: Record<Change, 'green' | 'amber' | 'red'> = { added: 'green', changed: 'amber', removed: 'red' }

function ChangeBadge({ change, lang }: { change: Change; lang: Lang }) {
  return <Badge tone={TONE[change]}>{diffLabel(lang, change)}</Badge>
}

function Requirements({ items, lang, currency }: { items: RequirementChange[]; lang: Lang; currency: string }) {
  return (
    <section>
      <h3 className="mb-2 text-sm font-semibold">{diffLabel(lang, 'requirements')}</h3>
      <ul className="divide-y divide-slate-200 rounded border border-slate-200">
        {items.map((r) => (
          <li key={r.code} className="spec-diff-requirement px-3 py-2">
            <div className="flex flex-wrap items-baseline gap-2">
              <span className="font-mono text-xs text-slate-600">{r.code}</span>
              <ChangeBadge change={r.change} lang={lang} />
              <span className={r.change === 'removed' ? 'text-slate-500 line-through' : 'font-medium'}>{r.title}</span>
            </div>
            <Fields fields={r.fields} lang={lang} currency={currency} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function Fields<F extends RequirementField | ImprovementField>({ fields, lang, currency }: { fields: FieldChange<F>[]; lang: Lang; currency: string }) {
  if (fields.length === 0) return null
  return (
    <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
      {fields.map((f) => (
        <div key={f.field} className="contents">
          <dt className="text-slate-600">{fieldLabel(lang, f.field)}</dt>
          <dd>
            <Old lang={lang}>{formatFieldValue(lang, currency, f.field, f.from)}</Old>
            <span aria-hidden="true" className="mx-1 text-slate-400">
              →
            </span>
            <New lang={lang}>{formatFieldValue(lang, currency, f.field, f.to)}</New>
          </dd>
        </div>
      ))}
    </dl>
  )
}

function Old({ children, lang }: { children: string; lang: Lang }) {
  return (
    <del className="rounded bg-red-50 px-0.5 text-red-800 line-through">
      <span className="sr-only">{diffLabel(lang, 'removed')}: </span>
      {children}
    </del>
  )
}

function New({ children, lang }: { children: string; lang: Lang }) {
  return (
    <ins className="rounded bg-emerald-50 px-0.5 text-emerald-900 no-underline">
      <span className="sr-only">{diffLabel(lang, 'added')}: </span>
      {children}
    </ins>
  )
}

function Improvements({ diff, lang }: { diff: SpecDiff; lang: Lang }) {
  const currency = diff.currency
  const amount = (minor: number | null) => (minor === null ? '' : formatMoney(minor, currency, lang))
  const num = 'px-2 py-1 text-right tabular-nums'
  return (
    <section>
      <h3 className="mb-2 text-sm font-semibold">{diffLabel(lang, 'improvements')}</h3>
      <table className="w-full border-collapse text-sm">
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1 font-semibold">
              {diffLabel(lang, 'code')}
            </th>
            <th scope="col" className="px-2 py-1 font-semibold">
              {diffLabel(lang, 'details')}
            </th>
            <th scope="col" className={`${num} font-semibold`}>
              {diffLabel(lang, 'costFrom')}
            </th>
            <th scope="col" className={`${num} font-semibold`}>
              {diffLabel(lang, 'costTo')}
            </th>
            <th scope="col" className={`${num} font-semibold`}>
              {diffLabel(lang, 'delta')}
            </th>
          </tr>
        </thead>
        <tbody>
          {diff.improvements.map((item) => (
            <ImprovementRow key={item.code} item={item} lang={lang} currency={currency} amount={amount} num={num} />
          ))}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <th scope="row" colSpan={2} className="px-2 py-1 text-left">
              {diffLabel(lang, 'total')}
            </th>
            <td className={num}>{amount(diff.cost.fromMinor)}</td>
            <td className={num}>{amount(diff.cost.toMinor)}</td>
            <td className={`${num} ${deltaTone(diff.cost.deltaMinor)}`}>{formatDelta(diff.cost.deltaMinor, currency, lang)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  )
}

function deltaTone(minor: number): string {
  return minor > 0 ? 'text-red-700' : minor < 0 ? 'text-emerald-800' : 'text-slate-600'
}

function ImprovementRow({
  item,
  lang,
  currency,
  amount,
  num,
}: {
  item: ImprovementChange
  lang: Lang
  currency: string
  amount: (minor: number | null) => string
  num: string
}) {
  return (
    <tr className="spec-diff-improvement border-t border-slate-200 align-top">
      <td className="px-2 py-1 font-mono text-xs text-slate-600">{item.code}</td>
      <td className="px-2 py-1">
        <div className="flex flex-wrap items-baseline gap-2">
          <ChangeBadge change={item.change} lang={lang} />
          <span className={item.change === 'removed' ? 'text-slate-500 line-through' : 'font-medium'}>{item.title}</span>
        </div>
        <Fields fields={item.fields} lang={lang} currency={currency} />
      </td>
      <td className={num}>{amount(item.costFromMinor)}</td>
      <td className={num}>{amount(item.costToMinor)}</td>
      <td className={`${num} ${deltaTone(item.costDeltaMinor)}`}>{formatDelta(item.costDeltaMinor, currency, lang)}</td>
    </tr>
  )
}

function Sections({ items, lang }: { items: SectionChange[]; lang: Lang }) {
  return (
    <section>
      <h3 className="mb-2 text-sm font-semibold">{diffLabel(lang, 'sections')}</h3>
      <div className="space-y-4">
        {items.map((s) => (
          <article key={s.id} className="spec-diff-section rounded border border-slate-200 p-3">
            <h4 className="flex flex-wrap items-baseline gap-2 font-medium">
              <span>{s.appendix ? `${diffLabel(lang, 'appendix', { number: s.number })}.` : s.number}</span>
              <span className={s.change === 'removed' ? 'text-slate-500 line-through' : ''}>{s.title}</span>
              <ChangeBadge change={s.change} lang={lang} />
            </h4>
            {s.fromTitle !== undefined ? (
              <p className="mt-1 text-slate-600">
                <Old lang={lang}>{s.fromTitle}</Old>
                <span aria-hidden="true" className="mx-1 text-slate-400">
                  →
                </span>
                <New lang={lang}>{s.title}</New>
              </p>
            ) : null}
            {s.lines.length > 0 ? <Lines lines={s.lines} lang={lang} /> : null}
          </article>
        ))}
      </div>
    </section>
  )
}

/** A line diff: added lines green with "+", removed red with "−", context grey, "…" for skipped lines. */
function Lines({ lines, lang }: { lines: DiffLine[]; lang: Lang }) {
  return (
    <div className="spec-diff-lines mt-2 overflow-x-auto rounded bg-slate-50 py-1 font-mono text-xs leading-5">
      {lines.map((line, i) => (
        <LineView key={i} line={line} lang={lang} />
      ))}
    </div>
  )
}

function LineView({ line, lang }: { line: DiffLine; lang: Lang }) {
  const row = 'block whitespace-pre-wrap px-2'
  switch (line.op) {
    case 'add':
      return (
        <ins className={`${row} bg-emerald-50 text-emerald-900 no-underline`}>
          <span aria-hidden="true">+ </span>
          <span className="sr-only">{diffLabel(lang, 'added')}: </span>
          {line.text}
        </ins>
      )
    case 'del':
      return (
        // Whole lines are not struck through (long text would be unreadable): colour and "−" say it.
        <del className={`${row} bg-red-50 text-red-800 no-underline`}>
          <span aria-hidden="true">− </span>
          <span className="sr-only">{diffLabel(lang, 'removed')}: </span>
          {line.text}
        </del>
      )
    case 'gap':
      return <span className={`${row} text-slate-400`}>…</span>
    case 'same':
      return <span className={`${row} text-slate-600`}>{`  ${line.text}`}</span>
  }
}
