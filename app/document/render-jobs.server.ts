import type { RenderStamp, SpecDocument } from './spec-document'

/**
 * One rendering job — a DOCX, a PDF (optionally with attachments and sealed) or Markdown —
 * as plain data, so it can run in the render worker (render-pool.server.ts) or inline.
 */
export type RenderJob = {
  format: 'docx' | 'pdf' | 'md'
  document: SpecDocument
  stamp: RenderStamp
  attachments?: { name: string; data: Uint8Array; mime: string }[]
  seal?: { dataDir: string; reason: string }
}

export async function runRenderJob(job: RenderJob): Promise<Buffer> {
  if (job.format === 'md') {
    const { renderMarkdown } = await import('./render-markdown')
    return Buffer.from(renderMarkdown(job.document, job.stamp), 'utf8')
  }
  if (job.format === 'docx') {
    const { renderDocx } = await import('./render-docx.server')
    return renderDocx(job.document, job.stamp)
  }
  const { renderPdf } = await import('./render-pdf.server')
  const pdf = await renderPdf(job.document, job.stamp, { attachments: (job.attachments ?? []).map((a) => ({ ...a, data: Buffer.from(a.data) })) })
  if (!job.seal) return pdf
  const { sealPdf } = await import('./seal.server')
  return sealPdf(pdf, { dataDir: job.seal.dataDir, reason: job.seal.reason })
}
