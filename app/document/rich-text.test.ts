import { describe, expect, it } from 'vitest'
import { richTextBlocks } from './rich-text'

describe('richTextBlocks', () => {
  it('converts paragraphs, marks, headings, lists, tables and hard breaks', () => {
    const problems: string[] = []
    const blocks = richTextBlocks(
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Head' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'bold' }, { type: 'link', attrs: { href: 'https://x.org' } }] }, { type: 'hardBreak' }, { type: 'text', text: 'b', marks: [{ type: 'italic' }] }] },
          { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }, { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'nested' }] }] }] }] }] },
          { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'H' }] }] }] }, { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'C' }] }] }] }] },
        ],
      },
      (p) => problems.push(p),
    )
    expect(problems).toEqual([])
    expect(blocks[0]).toEqual({ type: 'paragraph', runs: [{ text: 'Head', bold: true }] })
    expect(blocks[1]).toEqual({ type: 'paragraph', runs: [{ text: 'a', bold: true, link: 'https://x.org' }, { text: 'b', italic: true, break: true }] })
    expect(blocks[2]).toMatchObject({ type: 'list', ordered: false, items: [[{ type: 'paragraph' }, { type: 'list', ordered: true }]] })
    expect(blocks[3]).toMatchObject({ type: 'table', head: [{ runs: [{ text: 'H' }] }], rows: [[{ runs: [{ text: 'C' }] }]] })
  })

  it('turns an unknown node into a warning note and reports it', () => {
    const problems: string[] = []
    const blocks = richTextBlocks({ type: 'doc', content: [{ type: 'mermaid', content: [] }] }, (p) => problems.push(p))
    expect(blocks).toEqual([{ type: 'note', tone: 'warning', runs: [{ text: 'Content of type "mermaid" could not be shown.' }] }])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('mermaid')
  })

  it('gives nothing for an empty document', () => {
    expect(richTextBlocks({ type: 'doc', content: [{ type: 'paragraph' }] }, () => {})).toEqual([])
    expect(richTextBlocks(null, () => {})).toEqual([])
  })
})
