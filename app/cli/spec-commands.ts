import fs from 'node:fs'
import path from 'node:path'
import { EXPORT_FORMATS, exportSpecification, resolveTarget, type ExportFormat } from '~/document/export.server'
import { verifyFile, verifyHash, HASH_RE, type VerifyOutcome } from '~/models/spec-verify.server'
import type { Db } from '~/utils/db.server'

/**
 * `specwright verify FILE|HASH` and `specwright export`: the same code paths as the
 * verification page and the version page's download buttons.
 */

export class SpecCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** Exit codes: 0 matches a version, 1 matches nothing (or is not a Specwright file), 3 altered. */
export async function verifyCommand(db: Db, target: string, out: (line: string) => void): Promise<number> {
  let outcome: VerifyOutcome
  if (HASH_RE.test(target.trim().toLowerCase()) && !fs.existsSync(target)) {
    outcome = await verifyHash(db, target)
  } else {
    if (!fs.existsSync(target)) throw new SpecCommandError(`no such file: ${target}`, 2)
    outcome = await verifyFile(db, fs.readFileSync(target))
  }
  switch (outcome.result) {
    case 'match':
      out(`MATCH\t${outcome.project}\tversion ${outcome.version}\t${outcome.status}`)
      out(`content hash\t${outcome.contentHash}`)
      out(`matched by\t${outcome.proof}`)
      for (const s of outcome.signatures) out(`signed\t${s.signedAt}\t${s.name}\t${s.position}\t${s.party}\t${s.meaning}`)
      if (outcome.status !== 'signed') out('note\tthis version is not signed')
      for (const n of outcome.notes) out(`note\t${n}`)
      return 0
    case 'altered':
      out(`ALTERED\t${outcome.message}`)
      return 3
    case 'no_match':
      out(`NO MATCH\t${outcome.message}`)
      return 1
    case 'invalid':
      out(`NOT A SPECWRIGHT DOCUMENT\t${outcome.message}`)
      return 1
  }
}

export async function exportCommand(
  db: Db,
  opts: { project?: string; version?: string; format?: string; out?: string },
  out: (line: string) => void,
): Promise<number> {
  if (!opts.project) throw new SpecCommandError('export needs --project <id|slug>', 2)
  const format = opts.format ?? (opts.out ? path.extname(opts.out).slice(1).toLowerCase() : '')
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new SpecCommandError('export needs --format docx|pdf|md', 2)
  const project = await db.project.findFirst({ where: { OR: [{ id: opts.project }, { slug: opts.project }] }, select: { id: true, slug: true, name: true } })
  if (!project) throw new SpecCommandError(`no project "${opts.project}" (see specwright projects)`)
  const target = await resolveTarget(db, project.id, opts.version)
  const file = await exportSpecification(db, project, target, format as ExportFormat)
  const dest = opts.out ?? file.filename
  fs.writeFileSync(dest, file.bytes)
  out(`${dest}\t${file.bytes.length} bytes\t${project.slug}\t${file.versionNumber === null ? 'draft' : `version ${file.versionNumber}`}\t${format}`)
  return 0
}
