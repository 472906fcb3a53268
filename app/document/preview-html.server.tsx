import { renderToStaticMarkup } from 'react-dom/server'
import { SpecPreview } from './render-html'
import type { SpecDocument } from './spec-document'

/**
 * The preview as an HTML string, rendered once on the server. A page shows it as it is
 * instead of sending the whole document twice (as markup and again as loader data for
 * hydration): a 600-requirement specification is ~0.8 MiB of JSON. React escapes every text;
 * the only raw markup is the figures' SVG, which the app itself generates.
 */
export function previewHtml(document: SpecDocument): string {
  return renderToStaticMarkup(<SpecPreview document={document} />)
}
