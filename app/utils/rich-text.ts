import { getSchema, type Extensions, type JSONContent } from '@tiptap/core'
import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import { TableKit } from '@tiptap/extension-table'
import StarterKit from '@tiptap/starter-kit'
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string'

/**
 * Rich text (interview answers and notes, requirement statements) is stored as tiptap JSON.
 * One extension list defines what a document may contain, both for the editor in the
 * browser and for validation and rendering on the server (where there is no DOM).
 */
export type RichTextDoc = JSONContent & { type: 'doc' }

/** A document with one empty paragraph: the smallest document the schema accepts. */
export const EMPTY_DOC: RichTextDoc = { type: 'doc', content: [{ type: 'paragraph' }] }

export const RICH_TEXT_MAX_BYTES = 200 * 1024
export const RICH_TEXT_MAX_DEPTH = 32

/** Only these link targets are kept; anything else (javascript:, data:, …) is refused. */
export const SAFE_LINK = /^(https?:\/\/|mailto:)/i

export function isSafeLinkHref(href: unknown): href is string {
  return typeof href === 'string' && SAFE_LINK.test(href.trim())
}

export function richTextExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [1, 2, 3] },
      blockquote: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        isAllowedUri: (url) => isSafeLinkHref(url),
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
  ]
}

let cachedSchema: Schema | undefined
function richTextSchema(): Schema {
  cachedSchema ??= getSchema(richTextExtensions())
  return cachedSchema
}

/**
 * Why a document was refused. `error` is an English sentence for logs and tests; `code`
 * (with `detail`, e.g. the unknown type's name) lets a screen show it in the user's language:
 * `t('interviews.richText.' + code, { detail })`.
 */
export type RichTextErrorCode = 'notJson' | 'tooLarge' | 'tooDeep' | 'unknownType' | 'unsafeLink' | 'invalid'
export type RichTextParseResult =
  | { ok: true; doc: RichTextDoc; text: string }
  | { ok: false; error: string; code: RichTextErrorCode; detail?: string }

// TextEncoder, not Buffer: this module also runs in the browser (the editor).
function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length
}

function fail(code: RichTextErrorCode, error: string, detail?: string): RichTextParseResult {
  return { ok: false, code, error, ...(detail === undefined ? {} : { detail }) }
}

/** The stored default (`{"type":"doc","content":[]}`) means "empty": give it its one paragraph. */
function withContent(json: Record<string, unknown>): Record<string, unknown> {
  if (json.type === 'doc' && (!Array.isArray(json.content) || json.content.length === 0)) {
    return { ...json, content: [{ type: 'paragraph' }] }
  }
  return json
}

type Walk =
  | { kind: 'unknownType'; name: string }
  | { kind: 'badAttrs'; name: string }
  | { kind: 'tooDeep' }
  | { kind: 'unsafeLink'; href: string }
  | null

const smallInt = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100)

/** Cell sizes end up in rendered markup (colspan, widths): only small whole numbers pass. */
function cellAttrsValid(attrs: unknown): boolean {
  if (attrs === undefined || attrs === null) return true
  if (typeof attrs !== 'object') return false
  const { colspan, rowspan, colwidth } = attrs as Record<string, unknown>
  const widthOk =
    colwidth === undefined ||
    colwidth === null ||
    (Array.isArray(colwidth) && colwidth.every((w) => Number.isInteger(w) && (w as number) > 0 && (w as number) <= 5000))
  return smallInt(colspan) && smallInt(rowspan) && widthOk
}

/** Checks type names, nesting and link targets before ProseMirror sees the document. */
function walk(node: unknown, schema: Schema, depth: number): Walk {
  if (depth > RICH_TEXT_MAX_DEPTH) return { kind: 'tooDeep' }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return null
  const { type, content, marks } = node as { type?: unknown; content?: unknown; marks?: unknown }
  if (typeof type === 'string' && !(type in schema.nodes)) return { kind: 'unknownType', name: type }
  if ((type === 'tableCell' || type === 'tableHeader') && !cellAttrsValid((node as { attrs?: unknown }).attrs)) return { kind: 'badAttrs', name: type }
  if (Array.isArray(marks)) {
    for (const mark of marks as unknown[]) {
      if (typeof mark !== 'object' || mark === null) continue
      const { type: markType, attrs } = mark as { type?: unknown; attrs?: { href?: unknown } }
      if (typeof markType === 'string' && !(markType in schema.marks)) return { kind: 'unknownType', name: markType }
      if (markType === 'link' && !isSafeLinkHref(attrs?.href)) return { kind: 'unsafeLink', href: String(attrs?.href) }
    }
  }
  if (Array.isArray(content)) {
    for (const child of content as unknown[]) {
      const found = walk(child, schema, depth + 1)
      if (found) return found
    }
  }
  return null
}

/**
 * Validates rich text coming from a form or the database: a JSON string or an object.
 * Refuses non-JSON, documents over `maxBytes` (UTF-8 of the JSON), unknown node or mark types
 * (named), nesting deeper than RICH_TEXT_MAX_DEPTH, unsafe links, and anything the schema
 * refuses. On success returns the normalised document and its plain text.
 */
export function parseRichText(input: unknown, opts: { maxBytes?: number } = {}): RichTextParseResult {
  const maxBytes = opts.maxBytes ?? RICH_TEXT_MAX_BYTES
  let json: unknown = input
  let size: number
  if (typeof input === 'string') {
    size = utf8Bytes(input)
    if (size > maxBytes) return fail('tooLarge', `The text is too large (over ${Math.round(maxBytes / 1024)} KB).`)
    try {
      json = JSON.parse(input)
    } catch {
      return fail('notJson', 'The text is not valid rich-text JSON.')
    }
  } else {
    try {
      size = utf8Bytes(JSON.stringify(input) ?? '')
    } catch {
      return fail('notJson', 'The text is not valid rich-text JSON.')
    }
    if (size > maxBytes) return fail('tooLarge', `The text is too large (over ${Math.round(maxBytes / 1024)} KB).`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('notJson', 'The text is not valid rich-text JSON.')
  }
  if ((json as { type?: unknown }).type !== 'doc') {
    return fail('invalid', 'The text must be a document (type "doc").')
  }
  const schema = richTextSchema()
  const found = walk(json, schema, 0)
  if (found?.kind === 'unknownType') {
    return fail('unknownType', `Unknown element type "${found.name}".`, found.name)
  }
  if (found?.kind === 'badAttrs') return fail('invalid', `The attributes of a "${found.name}" are invalid.`, found.name)
  if (found?.kind === 'tooDeep') return fail('tooDeep', `The text is nested more than ${RICH_TEXT_MAX_DEPTH} levels deep.`)
  if (found?.kind === 'unsafeLink') {
    return fail('unsafeLink', `Links must start with http://, https:// or mailto: (got "${found.href}").`, found.href)
  }
  let node: PMNode
  try {
    node = schema.nodeFromJSON(withContent(json as Record<string, unknown>))
    node.check()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return fail('invalid', `The text's structure is invalid: ${message}`, message)
  }
  return { ok: true, doc: node.toJSON() as RichTextDoc, text: plainTextOf(node) }
}

/**
 * The plain text of a document: textblocks separated by "\n", hard breaks as "\n".
 * This is exactly ProseMirror's `doc.textBetween(0, doc.content.size, '\n', '\n')`, so the
 * editor's selection offsets (`textBetween(0, pos, '\n', '\n').length`) index into it.
 */
export function plainTextOf(node: PMNode): string {
  return node.textBetween(0, node.content.size, '\n', '\n')
}

/** Plain-text offset of a document position, consistent with `plainTextOf`. */
export function plainTextOffset(node: PMNode, pos: number): number {
  return node.textBetween(0, pos, '\n', '\n').length
}

/**
 * The document position where a plain-text offset begins (the inverse of plainTextOffset):
 * the smallest position whose offset reaches it. Offsets only grow with positions, so a
 * binary search suffices.
 */
export function positionAtOffset(node: PMNode, offset: number): number {
  let lo = 0
  let hi = node.content.size
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (plainTextOffset(node, mid) >= offset) hi = mid
    else lo = mid + 1
  }
  return lo
}

export function richTextToPlainText(doc: RichTextDoc | JSONContent): string {
  const node = richTextSchema().nodeFromJSON(withContent(doc as Record<string, unknown>))
  return plainTextOf(node)
}

/** One paragraph per line (an empty line is an empty paragraph), so plain text round-trips. */
export function plainTextToDoc(text: string): RichTextDoc {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  return {
    type: 'doc',
    content: lines.map((line) => (line === '' ? { type: 'paragraph' } : { type: 'paragraph', content: [{ type: 'text', text: line }] })),
  }
}

/** Drops link marks whose target is not http(s)/mailto, in case an unvalidated doc gets here. */
function withoutUnsafeLinks(node: JSONContent): JSONContent {
  const marks = node.marks?.filter((mark) => mark.type !== 'link' || isSafeLinkHref(mark.attrs?.href))
  return {
    ...node,
    ...(node.marks ? { marks } : {}),
    ...(node.content ? { content: node.content.map(withoutUnsafeLinks) } : {}),
  }
}

/** Server-side HTML for a document: text and attributes escaped, links limited to safe targets. */
export function renderRichTextHtml(doc: RichTextDoc | JSONContent): string {
  const content = withoutUnsafeLinks(withContent(doc as Record<string, unknown>) as JSONContent)
  return renderToHTMLString({ content, extensions: richTextExtensions() })
}
