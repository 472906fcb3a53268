import { data } from 'react-router'
import type { Route } from './+types/specification-export'
import { EXPORT_FORMATS, ExportError, exportSpecification, resolveTarget, type ExportFormat } from '~/document/export.server'
import { db } from '~/utils/db.server'
import { requireProjectPermission } from '~/utils/permissions.server'

// Downloads: ?format=docx|pdf|md&version=N|latest|signed|draft[&diff=M]. The same code path as
// `npx specwright export`. A vendor may download: the document names only the chosen system.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'spec.export')
  const url = new URL(request.url)
  const format = url.searchParams.get('format') ?? ''
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw data({ message: `Unknown format "${format}": use docx, pdf or md.` }, { status: 400 })
  const diffRaw = url.searchParams.get('diff')
  const diffFrom = diffRaw && /^\d+$/.test(diffRaw) ? Number(diffRaw) : undefined
  try {
    const target = await resolveTarget(db, project.id, url.searchParams.get('version'))
    const file = await exportSpecification(db, project, target, format as ExportFormat, { diffFrom })
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  } catch (error) {
    if (error instanceof ExportError) throw data({ message: error.message }, { status: error.code === 'not_found' ? 404 : 409 })
    throw error
  }
}
