/**
 * Where the document fonts live on disk: the DejaVu TrueType files of the `dejavu-fonts-ttf`
 * package (full Cyrillic + Latin coverage), shared by the DOCX renderer (embeds them) and the
 * PDF renderer (pdfkit registers them).
 *
 * Resolved through Node's module resolution rather than a path relative to this source file,
 * so it works the same under vitest, from the production server bundle (build/server/, where
 * the package stays external in node_modules) and from the CLI (tsx). If resolution from this
 * module fails (an unusual bundle layout), the working directory's node_modules is tried.
 */
import { createRequire } from 'node:module'
import path from 'node:path'

export type FontFamily = 'sans' | 'serif'

export type FontPaths = {
  regular: string
  bold: string
  italic: string
  boldItalic: string
  mono?: string
}

/** The family name a document asks for (what Word/LibreOffice match the embedded fonts against). */
export const FONT_FAMILY_NAME: Record<FontFamily, string> = {
  sans: 'DejaVu Sans',
  serif: 'DejaVu Serif',
}

const FILES: Record<FontFamily, Omit<FontPaths, 'mono'>> = {
  sans: {
    regular: 'DejaVuSans.ttf',
    bold: 'DejaVuSans-Bold.ttf',
    italic: 'DejaVuSans-Oblique.ttf',
    boldItalic: 'DejaVuSans-BoldOblique.ttf',
  },
  serif: {
    regular: 'DejaVuSerif.ttf',
    bold: 'DejaVuSerif-Bold.ttf',
    italic: 'DejaVuSerif-Italic.ttf',
    boldItalic: 'DejaVuSerif-BoldItalic.ttf',
  },
}

let fontDirectory: string | undefined

function resolveFontDirectory(): string {
  const probe = 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf'
  const bases = [import.meta.url, path.join(process.cwd(), 'package.json')]
  for (const base of bases) {
    try {
      return path.dirname(createRequire(base).resolve(probe))
    } catch {
      // try the next base
    }
  }
  throw new Error('The DejaVu fonts (npm package dejavu-fonts-ttf) are not installed: cannot render documents.')
}

/** Absolute paths of the four faces of a DejaVu family (sans by default) plus DejaVu Sans Mono. */
export function fontPaths(family: FontFamily = 'sans'): FontPaths {
  fontDirectory ??= resolveFontDirectory()
  const dir = fontDirectory
  const files = FILES[family]
  return {
    regular: path.join(dir, files.regular),
    bold: path.join(dir, files.bold),
    italic: path.join(dir, files.italic),
    boldItalic: path.join(dir, files.boldItalic),
    mono: path.join(dir, 'DejaVuSansMono.ttf'),
  }
}
