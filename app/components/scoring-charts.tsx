/**
 * Scoring's charts as server-rendered SVG: readable in print and without colour — every value
 * is written on the chart, and the two weak grades carry patterns as well as a shade.
 */
import { useI18n, useT } from '~/i18n'
import { SCALE, SCALE_KEYS, grade } from '~/models/scale'

/** The scale with its written definitions, shown wherever people score. */
export function ScaleLegend() {
  const t = useT()
  return (
    <section aria-labelledby="scale-legend" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="scale-legend" className="mb-2">
        {t('scoring.scale.title')}
      </h2>
      <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {SCALE.map((v) => (
          <div key={v}>
            <dt className="font-medium text-slate-900">
              {v} · {t(`scoring.scale.${SCALE_KEYS[v]}.label`)}
            </dt>
            <dd className="text-slate-600">{t(`scoring.scale.${SCALE_KEYS[v]}.definition`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

const FILL: Record<number, string> = { 3: '#1e3a5f', 2: '#5b7fa8', 1: '#dbe4ee', 0: '#ffffff' }
const TEXT: Record<number, string> = { 3: '#ffffff', 2: '#ffffff', 1: '#0f172a', 0: '#0f172a' }

function Patterns() {
  return (
    <defs>
      <pattern id="hm-sat" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={FILL[1]} />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#64748b" strokeWidth="1" />
      </pattern>
      <pattern id="hm-none" width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" fill="#ffffff" />
        <path d="M0 0L8 8M8 0L0 8" stroke="#b91c1c" strokeWidth="0.8" />
      </pattern>
    </defs>
  )
}

function cellFill(value: number) {
  const g = grade(value)
  return g === 1 ? 'url(#hm-sat)' : g === 0 ? 'url(#hm-none)' : FILL[g]!
}

function fmt(value: number, locale: string, digits = 1) {
  return value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: Number.isInteger(value) ? 0 : Math.min(1, digits) })
}

/** Requirement × candidate heatmap of the effective consensus, values written in the cells. */
export function Heatmap({ rows, candidates, values }: { rows: { code: string; title: string }[]; candidates: { id: string; product: string }[]; values: (number | null)[][] }) {
  const { t, locale } = useI18n()
  const labelW = 90
  const cellW = Math.max(70, Math.min(120, Math.floor(640 / Math.max(1, candidates.length))))
  const cellH = 20
  const headH = 34
  const width = labelW + cellW * candidates.length
  const height = headH + cellH * rows.length + 4
  return (
    <svg role="img" aria-labelledby="heatmap-title" viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="max-w-full font-sans text-[11px]">
      <title id="heatmap-title">{t('scoring.results.heatmapTitle')}</title>
      <Patterns />
      {candidates.map((c, ci) => (
        <text key={c.id} x={labelW + ci * cellW + cellW / 2} y={headH - 10} textAnchor="middle" fontWeight={600} fill="#0f172a">
          {c.product.length > 16 ? `${c.product.slice(0, 15)}…` : c.product}
        </text>
      ))}
      {rows.map((r, ri) => (
        <g key={r.code}>
          <text x={0} y={headH + ri * cellH + 14} fill="#334155">
            <title>{r.title}</title>
            {r.code}
          </text>
          {candidates.map((c, ci) => {
            const v = values[ri]?.[ci] ?? null
            const x = labelW + ci * cellW
            const y = headH + ri * cellH
            return (
              <g key={c.id}>
                <rect x={x + 1} y={y + 1} width={cellW - 2} height={cellH - 2} fill={v === null ? '#f1f5f9' : cellFill(v)} stroke="#cbd5e1" strokeWidth={0.5}>
                  <title>{`${r.code} · ${c.product}: ${v === null ? t('scoring.notScored') : `${fmt(v, locale)} — ${t(`scoring.scale.${SCALE_KEYS[grade(v)]}.label`)}`}`}</title>
                </rect>
                <text x={x + cellW / 2} y={y + 14} textAnchor="middle" fill={v === null ? '#64748b' : TEXT[grade(v)]} fontWeight={600} style={{ paintOrder: 'stroke' }} stroke={v !== null && grade(v) <= 1 ? '#ffffff' : 'none'} strokeWidth={3}>
                  {v === null ? '—' : fmt(v, locale)}
                </text>
              </g>
            )
          })}
        </g>
      ))}
    </svg>
  )
}

/** The heatmap's key: shade and pattern per grade. */
export function HeatmapKey() {
  const t = useT()
  return (
    <svg role="img" aria-label={t('scoring.results.heatmapKey')} viewBox="0 0 560 22" width={560} height={22} className="max-w-full font-sans text-[11px]">
      <Patterns />
      {SCALE.map((v, i) => (
        <g key={v} transform={`translate(${i * 140},2)`}>
          <rect width={18} height={16} fill={cellFill(v)} stroke="#94a3b8" strokeWidth={0.5} />
          <text x={24} y={12} fill="#334155">
            {v} · {t(`scoring.scale.${SCALE_KEYS[v]}.label`)}
          </text>
        </g>
      ))}
    </svg>
  )
}

/** Per-criterion contribution (percentage points) to each candidate's weighted score. */
export function ContributionBars({
  items,
  candidates,
}: {
  items: { code: string; title: string; weight: number; perCandidate: number[] }[]
  candidates: { id: string; product: string }[]
}) {
  const { t, locale } = useI18n()
  const labelW = 90
  const barMaxW = 300
  const barH = 12
  const groupH = candidates.length * (barH + 2) + 8
  const candLabelW = 110
  const width = labelW + candLabelW + barMaxW + 60
  const height = items.length * groupH + 4
  const max = Math.max(1e-9, ...items.map((i) => i.weight * 100))
  return (
    <svg role="img" aria-labelledby="contrib-title" viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="max-w-full font-sans text-[11px]">
      <title id="contrib-title">{t('scoring.results.contributionsTitle')}</title>
      <defs>
        <pattern id="cb-stripe" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="5" height="5" fill="#5b7fa8" />
          <line x1="0" y1="0" x2="0" y2="5" stroke="#ffffff" strokeWidth="1.5" />
        </pattern>
      </defs>
      {items.map((item, ii) => {
        const y0 = ii * groupH
        return (
          <g key={item.code}>
            <text x={0} y={y0 + 11} fill="#0f172a" fontWeight={600}>
              <title>{item.title}</title>
              {item.code}
            </text>
            <text x={0} y={y0 + 24} fill="#64748b">
              {fmt(item.weight * 100, locale)} %
            </text>
            {/* The requirement's full weight: what a candidate scoring "excellent" would get. */}
            <rect x={labelW + candLabelW} y={y0} width={((item.weight * 100) / max) * barMaxW} height={groupH - 8} fill="none" stroke="#cbd5e1" strokeDasharray="3 2" />
            {candidates.map((c, ci) => {
              const v = item.perCandidate[ci] ?? 0
              const y = y0 + ci * (barH + 2)
              const w = (v / max) * barMaxW
              return (
                <g key={c.id}>
                  <text x={labelW + candLabelW - 4} y={y + 10} textAnchor="end" fill="#334155">
                    {c.product.length > 16 ? `${c.product.slice(0, 15)}…` : c.product}
                  </text>
                  <rect x={labelW + candLabelW} y={y} width={Math.max(0, w)} height={barH} fill={ci % 2 === 0 ? '#1e3a5f' : 'url(#cb-stripe)'}>
                    <title>{`${item.code} · ${c.product}: ${fmt(v, locale, 2)} ${t('scoring.results.pp')}`}</title>
                  </rect>
                  <text x={labelW + candLabelW + Math.max(0, w) + 4} y={y + 10} fill="#0f172a">
                    {fmt(v, locale, 2)}
                  </text>
                </g>
              )
            })}
          </g>
        )
      })}
    </svg>
  )
}

/** A horizontal 0–100 % bar written with its value, for the summary table. */
export function ScoreBar({ value, label }: { value: number; label: string }) {
  const { locale } = useI18n()
  return (
    <svg role="img" aria-label={label} viewBox="0 0 170 14" width={170} height={14}>
      <rect width={110} height={14} fill="#f1f5f9" stroke="#cbd5e1" strokeWidth={0.5} />
      <rect width={(Math.max(0, Math.min(100, value)) / 100) * 110} height={14} fill="#5b7fa8" />
      <text x={116} y={11} fontSize={12} fill="#0f172a">
        {fmt(value, locale)} %
      </text>
    </svg>
  )
}
