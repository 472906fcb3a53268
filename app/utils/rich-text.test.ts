import { EditorState, TextSelection } from '@tiptap/pm/state'
import { getSchema } from '@tiptap/core'
import { describe, expect, test } from 'vitest'
import {
  EMPTY_DOC,
  parseRichText,
  plainTextOffset,
  plainTextToDoc,
  renderRichTextHtml,
  richTextExtensions,
  richTextToPlainText,
  type RichTextDoc,
} from './rich-text'

const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })

const sample: RichTextDoc = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Orders' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'We take ' },
        { type: 'text', text: 'orders', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' by phone.' },
        { type: 'hardBreak' },
        { type: 'text', text: 'See ', marks: [] },
        { type: 'text', text: 'the wiki', marks: [{ type: 'link', attrs: { href: 'https://wiki.example.com' } }] },
      ],
    },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [p('Excel file')] },
        { type: 'listItem', content: [p('1C')] },
      ],
    },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [p('Step')] }, { type: 'tableHeader', content: [p('Who')] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [p('Invoice')] }, { type: 'tableCell', content: [p('Accounting')] }] },
      ],
    },
  ],
}

describe('parseRichText', () => {
  test('accepts a valid document (object or JSON string) and returns its plain text', () => {
    const fromObject = parseRichText(sample)
    expect(fromObject.ok).toBe(true)
    const fromString = parseRichText(JSON.stringify(sample))
    expect(fromString).toEqual(fromObject)
    if (!fromObject.ok) return
    expect(fromObject.text).toBe(
      'Orders\nWe take orders by phone.\nSee the wiki\nExcel file\n1C\nStep\nWho\nInvoice\nAccounting',
    )
  })

  test('treats the stored empty default as an empty document', () => {
    const result = parseRichText('{"type":"doc","content":[]}')
    expect(result).toEqual({ ok: true, doc: EMPTY_DOC, text: '' })
  })

  test('rejects an unknown node type and names it', () => {
    const result = parseRichText({ type: 'doc', content: [{ type: 'iframe', attrs: { src: 'https://x' } }] })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe('unknownType')
    expect(result.error).toContain('"iframe"')
    expect(result.detail).toBe('iframe')
  })

  test('rejects an unknown mark type nested deep inside, and names it', () => {
    const doc = {
      type: 'doc',
      content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'highlightColor' }] }] }] }] }],
    }
    const result = parseRichText(doc)
    expect(result).toMatchObject({ ok: false, code: 'unknownType', detail: 'highlightColor' })
  })

  test('rejects non-JSON and non-documents', () => {
    expect(parseRichText('{not json')).toMatchObject({ ok: false, code: 'notJson' })
    expect(parseRichText('"just a string"')).toMatchObject({ ok: false, code: 'notJson' })
    expect(parseRichText({ type: 'paragraph' })).toMatchObject({ ok: false, code: 'invalid' })
  })

  test('rejects a document over the size limit', () => {
    const big = plainTextToDoc('x'.repeat(300 * 1024))
    expect(parseRichText(big)).toMatchObject({ ok: false, code: 'tooLarge' })
    expect(parseRichText(JSON.stringify(big))).toMatchObject({ ok: false, code: 'tooLarge' })
    expect(parseRichText(plainTextToDoc('small'), { maxBytes: 20 })).toMatchObject({ ok: false, code: 'tooLarge' })
    expect(parseRichText(plainTextToDoc('small')).ok).toBe(true)
  })

  test('rejects nesting beyond the depth limit', () => {
    let node: Record<string, unknown> = p('deep')
    for (let i = 0; i < 40; i++) node = { type: 'bulletList', content: [{ type: 'listItem', content: [node] }] }
    expect(parseRichText({ type: 'doc', content: [node] })).toMatchObject({ ok: false, code: 'tooDeep' })
  })

  test('rejects structures the schema refuses', () => {
    // Text directly in the document, a list item outside a list, an empty text node.
    expect(parseRichText({ type: 'doc', content: [{ type: 'text', text: 'loose' }] })).toMatchObject({ ok: false, code: 'invalid' })
    expect(parseRichText({ type: 'doc', content: [{ type: 'listItem', content: [p('x')] }] })).toMatchObject({ ok: false, code: 'invalid' })
    expect(parseRichText({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).toMatchObject({ ok: false })
    expect(parseRichText({ type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'table' }] }] })).toMatchObject({ ok: false, code: 'invalid' })
  })

  test('rejects table cells with odd sizes (they reach the rendered markup)', () => {
    const cell = (attrs: Record<string, unknown>) => ({
      type: 'doc',
      content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs, content: [p('x')] }] }] }],
    })
    expect(parseRichText(cell({ colspan: 2, rowspan: 1, colwidth: [120, 80] })).ok).toBe(true)
    expect(parseRichText(cell({ colwidth: ['100px;background:url(x)'] }))).toMatchObject({ ok: false, code: 'invalid', detail: 'tableCell' })
    expect(parseRichText(cell({ colspan: 'two' }))).toMatchObject({ ok: false, code: 'invalid' })
  })

  test('rejects links that are not http(s) or mailto', () => {
    const doc = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }],
    }
    expect(parseRichText(doc)).toMatchObject({ ok: false, code: 'unsafeLink' })
  })
})

describe('plain text and offsets', () => {
  test('richTextToPlainText equals ProseMirror textBetween with "\\n" separators', () => {
    const schema = getSchema(richTextExtensions())
    const node = schema.nodeFromJSON(sample)
    expect(richTextToPlainText(sample)).toBe(node.textBetween(0, node.content.size, '\n', '\n'))
  })

  test('plainTextToDoc round-trips, empty lines included', () => {
    const text = 'first line\n\nthird line\n'
    expect(richTextToPlainText(plainTextToDoc(text))).toBe(text)
    expect(richTextToPlainText(plainTextToDoc(''))).toBe('')
  })

  // Every selection the editor can make: its offsets slice the stored plain text to exactly the
  // text ProseMirror says is selected (textBetween(from, to)), within and across blocks and lists.
  test('a selection’s offsets slice the plain text to the selected text', () => {
    const schema = getSchema(richTextExtensions())
    const doc = schema.nodeFromJSON(sample)
    const plain = richTextToPlainText(sample)
    const state = EditorState.create({ schema, doc })
    let checked = 0
    for (let from = 0; from <= doc.content.size; from++) {
      for (let to = from + 1; to <= doc.content.size; to++) {
        const $from = doc.resolve(from)
        const $to = doc.resolve(to)
        if (!$from.parent.isTextblock || !$to.parent.isTextblock) continue
        const sel = TextSelection.create(state.doc, from, to)
        const start = plainTextOffset(doc, sel.from)
        const end = plainTextOffset(doc, sel.to)
        expect(plain.slice(start, end)).toBe(doc.textBetween(sel.from, sel.to, '\n', '\n'))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  test('known passages: within a paragraph, across paragraphs, inside a list', () => {
    const schema = getSchema(richTextExtensions())
    const doc = schema.nodeFromJSON(sample)
    const plain = richTextToPlainText(sample)
    const posOf = (needle: string) => {
      let found = -1
      doc.descendants((node, pos) => {
        if (found < 0 && node.isText && node.text!.includes(needle)) found = pos + node.text!.indexOf(needle)
      })
      return found
    }
    const cases: [number, number, string][] = [
      [posOf('take'), posOf('take') + 4, 'take'],
      [posOf('rders'), posOf('We take') + 3, 'rders\nWe '],
      [posOf('file'), posOf('1C') + 2, 'file\n1C'],
    ]
    for (const [from, to, expected] of cases) {
      expect(plain.slice(plainTextOffset(doc, from), plainTextOffset(doc, to))).toBe(expected)
    }
  })
})

describe('renderRichTextHtml', () => {
  test('escapes text and drops unsafe links', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '<script>alert("x")</script> & more' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
      ],
    }
    const html = renderRichTextHtml(doc)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toContain('javascript:')
    expect(html).toContain('<p>bad</p>')
  })

  test('renders headings, lists, links and tables', () => {
    const html = renderRichTextHtml(sample)
    expect(html).toContain('<h2>Orders</h2>')
    expect(html).toContain('<strong>orders</strong>')
    expect(html).toMatch(/<a [^>]*href="https:\/\/wiki\.example\.com"[^>]*>the wiki<\/a>/)
    expect(html).toContain('<ul><li><p>Excel file</p></li>')
    expect(html).toContain('<th')
    expect(html).toContain('<td')
  })

  test('renders the stored empty default without failing', () => {
    expect(renderRichTextHtml({ type: 'doc', content: [] })).toBe('<p></p>')
  })
})

describe('positionAtOffset', () => {
  test('maps every passage’s offsets back to positions spanning the same text', async () => {
    const { positionAtOffset } = await import('./rich-text')
    const schema = getSchema(richTextExtensions())
    const doc = schema.nodeFromJSON(sample)
    const plain = richTextToPlainText(sample)
    for (let start = 0; start < plain.length; start++) {
      for (let end = start + 1; end <= plain.length; end++) {
        const from = positionAtOffset(doc, start)
        const to = positionAtOffset(doc, end)
        expect(doc.textBetween(from, to, '\n', '\n')).toBe(plain.slice(start, end))
      }
    }
  })
})
