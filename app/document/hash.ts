import crypto from 'node:crypto'
import { canonicalJson } from '~/utils/canonical-json'
import type { SpecDocument } from './spec-document'

/**
 * The content hash of a specification: SHA-256 over its canonical JSON (sorted keys, no
 * whitespace). The same content gives the same hash whatever order it was built in, and the
 * DOCX and PDF of a version carry this hash rather than one of their own bytes.
 */
export function specContentHash(doc: SpecDocument): string {
  return crypto.createHash('sha256').update(canonicalJson(doc)).digest('hex')
}
