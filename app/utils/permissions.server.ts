import { data } from 'react-router'
import { findProjectForMember } from '~/models/project.server'
import { db, dbReady } from './db.server'
import { checkPermission, type ProjectAction } from './permissions'
import { requestI18n } from './request.server'
import { requireUser } from './session.server'

export type ProjectAccess = NonNullable<Awaited<ReturnType<typeof findProjectForMember>>>

/**
 * The gate of every project loader and action. Not signed in → login; not a member (or no such
 * project) → 404, so a project's existence is not revealed; a member whose role or the
 * project's archived state forbids the action → 403 with the reason in the user's language.
 */
export async function requireProjectPermission(request: Request, slug: string | undefined, action: ProjectAction) {
  const user = await requireUser(request)
  await dbReady()
  const access = slug ? await findProjectForMember(db, slug, user.id) : null
  const { t } = await requestI18n(request)
  if (!access) throw data({ message: t('errors.projectNotFound') }, { status: 404 })
  const verdict = checkPermission(access.membership.role, action, access.project.archivedAt !== null)
  if (!verdict.allowed) {
    const message = verdict.reason === 'archived' ? t('errors.archived') : t('errors.forbidden')
    throw data({ message }, { status: 403 })
  }
  return { user, ...access }
}
