/**
 * Pure arithmetic for the improvement list (the costed gap list): the cost of one item and the
 * totals per stage, per project and for the items that must be done before go-live. Everything is
 * an exact integer sum of the lines — money in minor units, hours in hundredths, duration in
 * working days — so a total never drifts from the lines it is shown above.
 */
import { hoursCost } from '~/utils/money'

export const STAGES = ['1', '2', '3', 'later'] as const
export type Stage = (typeof STAGES)[number]

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value)
}

export type CostInput = {
  hoursCenti: number | null
  hourlyRateMinor: number | null
  fixedPriceMinor: number | null
}

export type TotalsInput = CostInput & {
  stage: string
  durationDays: number | null
  sequential: boolean
  mustBeforeGoLive: boolean
}

export type TotalsLine = { costMinor: number; hoursCenti: number; durationDays: number; items: number }

export type ImprovementTotals = {
  byStage: Record<Stage, TotalsLine>
  total: TotalsLine
  mustBeforeGoLive: TotalsLine
}

/** The price of an item: the fixed price when the vendor gave one, else hours × rate, else 0. */
export function itemCostMinor(item: CostInput): number {
  if (item.fixedPriceMinor != null) return item.fixedPriceMinor
  if (item.hoursCenti != null && item.hourlyRateMinor != null) return hoursCost(item.hoursCenti, item.hourlyRateMinor)
  return 0
}

function emptyLine(): TotalsLine {
  return { costMinor: 0, hoursCenti: 0, durationDays: 0, items: 0 }
}

/**
 * The critical path of one stage: the longest of the items that run in parallel, plus every item
 * marked sequential (each runs after the others).
 */
export function stageDuration(items: readonly Pick<TotalsInput, 'durationDays' | 'sequential'>[]): number {
  let parallel = 0
  let sequential = 0
  for (const item of items) {
    const days = item.durationDays ?? 0
    if (item.sequential) sequential += days
    else parallel = Math.max(parallel, days)
  }
  return parallel + sequential
}

function totalsOf(items: readonly TotalsInput[]): { byStage: Record<Stage, TotalsLine>; total: TotalsLine } {
  const byStage = Object.fromEntries(STAGES.map((stage) => [stage, emptyLine()])) as Record<Stage, TotalsLine>
  const grouped = Object.fromEntries(STAGES.map((stage) => [stage, [] as TotalsInput[]])) as Record<Stage, TotalsInput[]>
  for (const item of items) {
    const stage: Stage = isStage(item.stage) ? item.stage : 'later'
    const line = byStage[stage]
    line.costMinor += itemCostMinor(item)
    line.hoursCenti += item.hoursCenti ?? 0
    line.items += 1
    grouped[stage].push(item)
  }
  const total = emptyLine()
  for (const stage of STAGES) {
    byStage[stage].durationDays = stageDuration(grouped[stage])
    total.costMinor += byStage[stage].costMinor
    total.hoursCenti += byStage[stage].hoursCenti
    total.durationDays += byStage[stage].durationDays
    total.items += byStage[stage].items
  }
  return { byStage, total }
}

/**
 * Totals per stage (cost, hours, critical-path duration, count), the grand total (duration = the
 * stages one after another) and the same grand total restricted to must-before-go-live items.
 */
export function improvementTotals(items: readonly TotalsInput[]): ImprovementTotals {
  const { byStage, total } = totalsOf(items)
  const must = totalsOf(items.filter((item) => item.mustBeforeGoLive)).total
  return { byStage, total, mustBeforeGoLive: must }
}
