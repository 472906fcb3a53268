/**
 * The specification as plain data (docs/decisions/0006): built once from the project and a
 * template, then rendered by every renderer (HTML preview, DOCX, PDF, Markdown) and hashed as
 * canonical JSON. JSON-serialisable only: no functions, no Dates (ISO strings), money as
 * integer minor units with a currency. Numbering is decided here, so every renderer prints
 * the same numbers.
 */
export const SPEC_SCHEMA = 1

export type Run = {
  text: string
  bold?: true
  italic?: true
  underline?: true
  strike?: true
  link?: string
  /** A line break before this run's text. */
  break?: true
}

export type Money = { minor: number; currency: string }

/** A table cell: text runs, or an amount a renderer formats and right-aligns. */
export type Cell = { runs: Run[]; money?: Money; colspan?: number; emphasis?: 'total' | 'subtotal' | 'danger' | 'muted' }

export type Column = {
  /** Relative width; renderers convert to twips / points / percent. */
  weight: number
  align: 'left' | 'right' | 'center'
}

export type Block =
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; items: Block[][] }
  | { type: 'table'; columns: Column[]; head: Cell[]; rows: Cell[][]; foot?: Cell[][]; caption?: string }
  | { type: 'figure'; svg: string; caption?: string }
  /** "No requirements are set for this section", a warning, or a rich-text node that could not be shown. */
  | { type: 'note'; tone: 'empty' | 'warning'; runs: Run[] }
  | { type: 'pageBreak' }

export type Section = {
  /** The template's section id (stable across versions: the diff pairs sections by it). */
  id: string
  /** Printed number, e.g. "4.2" or "А" for an appendix. */
  number: string
  title: string
  mandatory: boolean
  blocks: Block[]
  children: Section[]
}

export type TitleBlock = { heading: string; lines: { label: string; value: string }[] }

export type SignatureLine = {
  party: 'client' | 'vendor'
  role: string
  name: string
  position: string
  meaning: 'approved' | 'agreed'
  /** When it was signed, as an ISO time (UTC), which each renderer prints in the document's language; absent for an empty line to sign on paper. */
  signedAt?: string
  contentHash?: string
}

export type SpecDocument = {
  schema: typeof SPEC_SCHEMA
  meta: {
    projectName: string
    clientOrganisation: string
    templateId: string
    title: string
    language: 'en' | 'ru'
    currency: string
    /** Present in an issued version only. */
    versionNumber?: number
    versionId?: string
  }
  titleSheet: { titleLines: string[]; blocks: TitleBlock[]; footerLine: string }
  sections: Section[]
  appendices: Section[]
  signatureSheet: { title: string; lines: SignatureLine[] }
}

/** Every section of a tree, depth first (a section before its children). */
export function flattenSections(sections: Section[]): Section[] {
  return sections.flatMap((s) => [s, ...flattenSections(s.children)])
}

/** A JSON array of strings as stored (e.g. an integration's data items); anything else is empty. */
export function jsonStringList(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []
  } catch {
    return []
  }
}

/** Plain text of runs, for search, diff and tests. */
export function runsText(runs: Run[]): string {
  return runs.map((r) => (r.break ? '\n' : '') + r.text).join('')
}

export function text(value: string): Run[] {
  return [{ text: value }]
}

/**
 * What a rendering adds to a document that is not part of its hashed content: the version's
 * state, number, id and content hash, printed in headers/footers and written into the file's
 * metadata so an exported file can be traced back to its version (verification).
 */
export type RenderStamp = {
  status: 'draft' | 'issued' | 'signed' | 'declined' | 'superseded'
  versionNumber?: number
  versionId?: string
  /** SHA-256 hex of the version's canonical SpecDocument (hash.ts). */
  contentHash?: string
  /** Project slug, for the file's metadata. */
  projectSlug?: string
}

/**
 * The data a version was built from, frozen beside its document: the diff compares versions
 * requirement by requirement and improvement by improvement from this, not from table cells.
 */
export type SpecSnapshotData = {
  currency: string
  requirements: {
    code: string
    title: string
    statement: string
    type: string
    priority: string
    acceptanceCriterion: string
    status: string
    stage: string
    department: string | null
  }[]
  improvements: {
    code: string
    title: string
    hoursCenti: number | null
    costMinor: number
    durationDays: number | null
    stage: string
  }[]
  totalCostMinor: number
}
