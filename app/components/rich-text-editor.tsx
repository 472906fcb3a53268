import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react'
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useT } from '~/i18n'
import {
  EMPTY_DOC,
  isSafeLinkHref,
  plainTextOf,
  plainTextOffset,
  positionAtOffset,
  richTextExtensions,
  type RichTextDoc,
} from '~/utils/rich-text'

/** A passage selected in the editor, in plain-text offsets (see richTextToPlainText). */
export type RichTextSelection = { text: string; startOffset: number; endOffset: number }

/**
 * Styles for rich-text content, both inside the editor and for server-rendered HTML
 * (renderRichTextHtml): Tailwind's reset removes list bullets, heading sizes and table borders.
 */
export const richTextContentClass = [
  'text-sm leading-6 text-slate-800',
  '[&_p]:my-1 [&_h1]:mt-3 [&_h1]:mb-1 [&_h1]:text-lg [&_h1]:font-semibold',
  '[&_h2]:mt-3 [&_h2]:mb-1 [&_h2]:text-base [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:mb-1 [&_h3]:font-semibold',
  '[&_ul]:my-1 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-1 [&_ol]:list-decimal [&_ol]:pl-6',
  '[&_a]:text-accent-700 [&_a]:underline',
  '[&_table]:my-2 [&_table]:border-collapse [&_td]:border [&_td]:border-slate-300 [&_td]:px-2 [&_td]:py-1 [&_td]:align-top',
  '[&_th]:border [&_th]:border-slate-300 [&_th]:bg-slate-50 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_th]:font-semibold',
  '[&_td_p]:my-0 [&_th_p]:my-0',
].join(' ')

function initialDoc(value: RichTextDoc | string | null | undefined): RichTextDoc {
  if (!value) return EMPTY_DOC
  let doc: unknown = value
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value)
    } catch {
      return EMPTY_DOC
    }
  }
  const d = doc as RichTextDoc
  return d && d.type === 'doc' && Array.isArray(d.content) && d.content.length > 0 ? d : EMPTY_DOC
}

function selectionOf(editor: Editor): RichTextSelection | null {
  const { from, to } = editor.state.selection
  if (from === to) return null
  const doc = editor.state.doc
  const startOffset = plainTextOffset(doc, from)
  const endOffset = plainTextOffset(doc, to)
  // Sliced from the same plain text the server stores, so the server can compare exactly.
  const text = plainTextOf(doc).slice(startOffset, endOffset)
  if (text.trim() === '') return null
  return { text, startOffset, endOffset }
}

/** A quoted passage to show marked in the text (e.g. an interview highlight). */
export type RichTextMark = { id: string; startOffset: number; endOffset: number; quote: string }

function markDecorations(doc: PMNode, marks: RichTextMark[]): DecorationSet {
  const plain = plainTextOf(doc)
  const decorations = marks
    // Only where the text still reads as quoted: after later edits, the quote card alone tells.
    .filter((m) => plain.slice(m.startOffset, m.endOffset) === m.quote)
    .map((m) =>
      Decoration.inline(positionAtOffset(doc, m.startOffset), positionAtOffset(doc, m.endOffset), {
        class: 'rounded-sm bg-amber-100 decoration-amber-400',
        'data-highlight': m.id,
      }),
    )
  return DecorationSet.create(doc, decorations)
}

/** Marks passages on load and keeps the marks in place while the text around them is edited. */
function quoteMarks(marks: RichTextMark[]) {
  const key = new PluginKey('quoteMarks')
  return Extension.create({
    name: 'quoteMarks',
    addProseMirrorPlugins() {
      return [
        new Plugin({
          key,
          state: {
            init: (_, state) => markDecorations(state.doc, marks),
            apply: (tr, set: DecorationSet) => set.map(tr.mapping, tr.doc),
          },
          props: { decorations: (state) => key.getState(state) as DecorationSet },
        }),
      ]
    },
  })
}

function editorAttributes(labelId: string, describedBy: string | undefined, invalid: boolean): Record<string, string> {
  return {
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-labelledby': labelId,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(invalid ? { 'aria-invalid': 'true' } : {}),
    class: `min-h-24 px-3 py-2 outline-none ${richTextContentClass}`,
  }
}

/** A 16×16 stroked icon; the button's aria-label names it. */
function Icon({ d }: { d: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  )
}

function ToolbarButton({
  label,
  pressed,
  onClick,
  disabled,
  children,
}: {
  label: string
  pressed?: boolean
  onClick: () => void
  disabled?: boolean
  children: ReactNode
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={disabled}
      // Keep the editor's selection: a mousedown on the button would otherwise blur it first.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className="inline-flex h-7 min-w-7 items-center justify-center rounded px-1.5 text-sm text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40 aria-pressed:bg-accent-100 aria-pressed:text-accent-800"
    >
      {children}
    </button>
  )
}

/**
 * The rich-text editor (tiptap) used for interview answers and notes and requirement
 * statements. A hidden input named `name` always holds the document's JSON, so an ordinary
 * <Form> submits it; the server validates it with parseRichText.
 */
export function RichTextEditor({
  name,
  label,
  defaultValue,
  error,
  hint,
  marks,
  onSelectionChange,
}: {
  name: string
  label: ReactNode
  defaultValue?: RichTextDoc | string | null
  error?: string
  hint?: ReactNode
  /** Passages to show marked (plain-text offsets, see richTextToPlainText). */
  marks?: RichTextMark[]
  onSelectionChange?: (selection: RichTextSelection | null) => void
}) {
  const t = useT()
  const id = useId()
  const labelId = `${id}-label`
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined
  const [doc] = useState(() => initialDoc(defaultValue))
  const [json, setJson] = useState(() => JSON.stringify(doc))
  const [linkError, setLinkError] = useState<string | null>(null)
  const selectionRef = useRef(onSelectionChange)
  useEffect(() => {
    selectionRef.current = onSelectionChange
  }, [onSelectionChange])

  const editor = useEditor({
    extensions: marks && marks.length > 0 ? [...richTextExtensions(), quoteMarks(marks)] : richTextExtensions(),
    content: doc,
    // Rendered only in the browser: the server sends the empty frame, so hydration matches.
    immediatelyRender: false,
    editorProps: { attributes: editorAttributes(labelId, describedBy, Boolean(error)) },
    onUpdate: ({ editor }) => {
      setJson(JSON.stringify(editor.getJSON()))
      selectionRef.current?.(selectionOf(editor))
    },
    onSelectionUpdate: ({ editor }) => selectionRef.current?.(selectionOf(editor)),
  })

  // An error shown after a failed save must reach the editable element too.
  useEffect(() => {
    editor?.setOptions({ editorProps: { attributes: editorAttributes(labelId, describedBy, Boolean(error)) } })
  }, [editor, labelId, describedBy, error])

  const state = useEditorState({
    editor,
    selector: ({ editor }) =>
      editor
        ? {
            heading: editor.isActive('heading', { level: 2 }),
            bold: editor.isActive('bold'),
            italic: editor.isActive('italic'),
            bulletList: editor.isActive('bulletList'),
            orderedList: editor.isActive('orderedList'),
            link: editor.isActive('link'),
            table: editor.isActive('table'),
          }
        : null,
  })

  function setLink() {
    if (!editor) return
    setLinkError(null)
    if (editor.isActive('link')) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run()
      return
    }
    const previous = (editor.getAttributes('link').href as string | undefined) ?? 'https://'
    const href = window.prompt(t('interviews.editor.linkPrompt'), previous)
    if (href === null) return
    const trimmed = href.trim()
    if (!isSafeLinkHref(trimmed)) {
      setLinkError(t('interviews.editor.linkInvalid'))
      return
    }
    if (editor.state.selection.empty) {
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: trimmed, marks: [{ type: 'link', attrs: { href: trimmed } }] })
        .run()
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href: trimmed }).run()
    }
  }

  const off = !editor
  return (
    <div className="space-y-1">
      <div id={labelId} className="block text-sm font-medium text-slate-700">
        {label}
      </div>
      <div
        className={`rounded-md border bg-white shadow-xs focus-within:border-accent-600 focus-within:ring-1 focus-within:ring-accent-600 ${error ? 'border-red-500' : 'border-slate-300'}`}
      >
        <div
          role="toolbar"
          aria-label={t('interviews.editor.toolbar')}
          className="flex flex-wrap items-center gap-0.5 border-b border-slate-200 px-1.5 py-1"
        >
          <ToolbarButton
            label={t('interviews.editor.heading')}
            pressed={state?.heading ?? false}
            disabled={off}
            onClick={() => editor?.chain().focus().toggleHeading({ level: 2 }).run()}
          >
            <span className="font-semibold">H</span>
          </ToolbarButton>
          <ToolbarButton
            label={t('interviews.editor.bold')}
            pressed={state?.bold ?? false}
            disabled={off}
            onClick={() => editor?.chain().focus().toggleBold().run()}
          >
            <span className="font-bold">B</span>
          </ToolbarButton>
          <ToolbarButton
            label={t('interviews.editor.italic')}
            pressed={state?.italic ?? false}
            disabled={off}
            onClick={() => editor?.chain().focus().toggleItalic().run()}
          >
            <span className="font-serif italic">I</span>
          </ToolbarButton>
          <span aria-hidden="true" className="mx-1 h-5 w-px bg-slate-200" />
          <ToolbarButton
            label={t('interviews.editor.bulletList')}
            pressed={state?.bulletList ?? false}
            disabled={off}
            onClick={() => editor?.chain().focus().toggleBulletList().run()}
          >
            <Icon d="M6 4h7M6 8h7M6 12h7M3 4h.01M3 8h.01M3 12h.01" />
          </ToolbarButton>
          <ToolbarButton
            label={t('interviews.editor.orderedList')}
            pressed={state?.orderedList ?? false}
            disabled={off}
            onClick={() => editor?.chain().focus().toggleOrderedList().run()}
          >
            <Icon d="M6.5 4h6.5M6.5 8h6.5M6.5 12h6.5M2.5 3l1-.5V6M2.5 10h1.5l-1.5 2h1.5" />
          </ToolbarButton>
          <ToolbarButton label={t('interviews.editor.link')} pressed={state?.link ?? false} disabled={off} onClick={setLink}>
            <Icon d="M6.5 9.5l3-3M7 4.5l1-1a2.5 2.5 0 013.5 3.5l-1 1M9 11.5l-1 1A2.5 2.5 0 014.5 9l1-1" />
          </ToolbarButton>
          <ToolbarButton
            label={t('interviews.editor.table')}
            disabled={off || state?.table}
            onClick={() => editor?.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
          >
            <Icon d="M2.5 3h11v10h-11zM2.5 6.5h11M2.5 10h11M6.5 3v10M10 3v10" />
          </ToolbarButton>
          {state?.table ? (
            <>
              <span aria-hidden="true" className="mx-1 h-5 w-px bg-slate-200" />
              <ToolbarButton label={t('interviews.editor.addRow')} onClick={() => editor?.chain().focus().addRowAfter().run()}>
                <span className="text-xs">{t('interviews.editor.addRowShort')}</span>
              </ToolbarButton>
              <ToolbarButton
                label={t('interviews.editor.addColumn')}
                onClick={() => editor?.chain().focus().addColumnAfter().run()}
              >
                <span className="text-xs">{t('interviews.editor.addColumnShort')}</span>
              </ToolbarButton>
              <ToolbarButton
                label={t('interviews.editor.deleteTable')}
                onClick={() => editor?.chain().focus().deleteTable().run()}
              >
                <span className="text-xs">{t('interviews.editor.deleteTableShort')}</span>
              </ToolbarButton>
            </>
          ) : null}
        </div>
        {editor ? (
          <EditorContent editor={editor} />
        ) : (
          // Same height as the editor while it loads in the browser.
          <div className="min-h-24 px-3 py-2" aria-hidden="true" />
        )}
      </div>
      <input type="hidden" name={name} value={json} />
      {linkError ? (
        <p className="text-sm text-red-700" role="alert">
          {linkError}
        </p>
      ) : null}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
