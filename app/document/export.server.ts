import { buildSpecDocument } from '~/document/build.server'
import { builderInput, getDraft } from '~/models/spec-draft.server'
import { readOfficialFile, storeOfficialFile, type OfficialFormat } from '~/models/spec-file.server'
import { documentWithSignatures, getVersion, type VersionRow } from '~/models/spec-version.server'
import type { Tx } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { RenderJob } from './render-jobs.server'
import type { RenderStamp, SpecDocument } from './spec-document'

/**
 * Exports of the specification — the one code path behind the version page's buttons and
 * `npx specwright export`. The draft, an issued version or a signed one renders to DOCX, PDF or
 * Markdown; "changes since version N" renders the diff as its own short document. A signed
 * version's DOCX and sealed PDF (the DOCX attached inside) are made once and kept (SpecFile),
 * so every download is the same bytes and an uploaded copy can be matched exactly.
 * The renderers are loaded on demand: they are heavy and most requests never need them.
 */

export const EXPORT_FORMATS = ['docx', 'pdf', 'md'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
}

export type ExportTarget = { kind: 'draft' } | { kind: 'version'; number: number }
export type ExportResult = { bytes: Buffer; filename: string; contentType: string; versionNumber: number | null }

export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: 'no_version' | 'no_diff_base' | 'not_found',
  ) {
    super(message)
  }
}

/**
 * What `--version` / `?version=` names: a number, `latest` (issued or signed), `signed`, or
 * `draft`; without one, the newest signed version, else the newest issued, else the draft.
 */
export async function resolveTarget(db: Tx, projectId: string, spec: string | null | undefined): Promise<ExportTarget> {
  const want = (spec ?? '').trim().toLowerCase()
  if (want === 'draft') return { kind: 'draft' }
  if (/^\d+$/.test(want)) {
    const n = Number(want)
    const found = await db.specVersion.findUnique({ where: { projectId_number: { projectId, number: n } }, select: { number: true } })
    if (!found) throw new ExportError(`The project has no version ${n}.`, 'not_found')
    return { kind: 'version', number: n }
  }
  // A project has a handful of versions: one read, newest first, answers every choice below.
  const versions = await db.specVersion.findMany({ where: { projectId }, orderBy: { number: 'desc' }, select: { number: true, status: true } })
  const signed = versions.find((v) => v.status === 'signed')
  const latest = versions.find((v) => v.status !== 'superseded')
  const newest = versions[0]
  if (want === 'signed') {
    if (!signed) throw new ExportError('The project has no signed version yet.', 'no_version')
    return { kind: 'version', number: signed.number }
  }
  if (want === 'latest') {
    if (!newest) throw new ExportError('The project has no issued version yet.', 'no_version')
    return { kind: 'version', number: (latest ?? newest).number }
  }
  if (want !== '') throw new ExportError(`"${spec}" is not a version: use a number, latest, signed or draft.`, 'not_found')
  const pick = signed ?? latest ?? newest
  return pick ? { kind: 'version', number: pick.number } : { kind: 'draft' }
}

function statusOf(v: VersionRow): RenderStamp['status'] {
  return v.status === 'signed' || v.status === 'declined' || v.status === 'superseded' ? v.status : 'issued'
}

function baseName(slug: string, target: ExportTarget, suffix = ''): string {
  return `${slug}-specification-${target.kind === 'draft' ? 'draft' : `v${target.number}`}${suffix}`
}

async function render(doc: SpecDocument, stamp: RenderStamp, format: ExportFormat, extra: Pick<RenderJob, 'attachments' | 'seal'> = {}): Promise<Buffer> {
  const { render: run } = await import('./render-pool.server')
  return run({ format, document: doc, stamp, ...extra })
}

/** A signed version's official DOCX and sealed PDF: made once, then served as stored. */
async function officialFile(db: Tx, v: VersionRow, slug: string, format: OfficialFormat): Promise<Buffer> {
  const stored = readOfficialFile(db, v.id, format)
  if (stored) return stored
  const doc = documentWithSignatures(v)
  const stamp: RenderStamp = { status: 'signed', versionNumber: v.number, versionId: v.id, contentHash: v.contentHash, projectSlug: slug }
  if (format === 'docx') return storeOfficialFile(db, v.id, 'docx', await render(doc, stamp, 'docx'))
  // The sealed PDF carries the official DOCX inside it: one file holds both.
  const docx = await officialFile(db, v, slug, 'docx')
  const pdf = await render(doc, stamp, 'pdf', {
    attachments: [{ name: `${baseName(slug, { kind: 'version', number: v.number })}.docx`, data: new Uint8Array(docx.buffer, docx.byteOffset, docx.byteLength), mime: CONTENT_TYPES.docx }],
    seal: { dataDir: env().dataDir, reason: `Specification version ${v.number}, sha256 ${v.contentHash}` },
  })
  return storeOfficialFile(db, v.id, 'pdf', pdf)
}

export async function exportSpecification(
  db: Tx,
  project: { id: string; slug: string },
  target: ExportTarget,
  format: ExportFormat,
  opts: { diffFrom?: number } = {},
): Promise<ExportResult> {
  if (target.kind === 'draft') {
    if (opts.diffFrom !== undefined) throw new ExportError('Changes are exported between two versions, not from the draft.', 'no_diff_base')
    const { document } = await buildSpecDocument(db, project.id, builderInput(await getDraft(db, project.id)))
    const bytes = await render(document, { status: 'draft', projectSlug: project.slug }, format)
    return { bytes, filename: `${baseName(project.slug, target)}.${format}`, contentType: CONTENT_TYPES[format], versionNumber: null }
  }
  const v = await getVersion(db, project.id, target.number)
  if (!v) throw new ExportError(`The project has no version ${target.number}.`, 'not_found')
  if (opts.diffFrom !== undefined) {
    const base = await getVersion(db, project.id, opts.diffFrom)
    if (!base || base.number === v.number) throw new ExportError(`Version ${opts.diffFrom} cannot be compared with version ${v.number}.`, 'no_diff_base')
    const doc = await changesDocument(base, v)
    const stamp: RenderStamp = { status: statusOf(v), versionNumber: v.number, versionId: v.id, contentHash: v.contentHash, projectSlug: project.slug }
    const bytes = await render(doc, stamp, format)
    return { bytes, filename: `${baseName(project.slug, target, `-changes-since-v${base.number}`)}.${format}`, contentType: CONTENT_TYPES[format], versionNumber: v.number }
  }
  if (v.status === 'signed' && format !== 'md') {
    const bytes = await officialFile(db, v, project.slug, format)
    return { bytes, filename: `${baseName(project.slug, target, '-signed')}.${format}`, contentType: CONTENT_TYPES[format], versionNumber: v.number }
  }
  const doc = documentWithSignatures(v)
  const stamp: RenderStamp = { status: statusOf(v), versionNumber: v.number, versionId: v.id, contentHash: v.contentHash, projectSlug: project.slug }
  const bytes = await render(doc, stamp, format)
  return { bytes, filename: `${baseName(project.slug, target, v.status === 'signed' ? '-signed' : '')}.${format}`, contentType: CONTENT_TYPES[format], versionNumber: v.number }
}

/** The changes between two versions as a document of their own (a changes appendix). */
async function changesDocument(from: VersionRow, to: VersionRow): Promise<SpecDocument> {
  const { diffSpecVersions, diffAsSection } = await import('./diff')
  const diff = diffSpecVersions(from, to)
  const lang = to.document.meta.language
  const section = diffAsSection(diff, lang)
  return {
    ...to.document,
    titleSheet: { titleLines: [to.document.meta.title, to.document.meta.projectName, section.title], blocks: [], footerLine: '' },
    sections: [section],
    appendices: [],
    signatureSheet: { title: '', lines: [] },
  }
}
