/**
 * The one permission table: project role × action → allowed. Every project loader and
 * action asks it through `requireProjectPermission`; the UI asks it only to hide controls.
 */
export const PROJECT_ROLES = ['lead', 'department_head', 'member', 'vendor', 'observer'] as const
export type ProjectRole = (typeof PROJECT_ROLES)[number]

type Rule = {
  roles: readonly ProjectRole[]
  /** A write is refused on an archived project, whatever the role. */
  write: boolean
}

export const PERMISSIONS = {
  'project.view': { roles: PROJECT_ROLES, write: false },
  'project.update': { roles: ['lead'], write: true },
  // Archiving is a write, but restoring must work on an archived project: see `archiveAllowed`.
  'project.archive': { roles: ['lead'], write: false },
  // Vendors do not see the working group: it would name competing vendors' representatives.
  'members.view': { roles: ['lead', 'department_head', 'member', 'observer'], write: false },
  'members.manage': { roles: ['lead'], write: true },
  'departments.manage': { roles: ['lead'], write: true },
  'audit.view': { roles: ['lead'], write: false },
  // Discovery. Processes and interviews are the client's internal material: vendors do not see them.
  'process.view': { roles: ['lead', 'department_head', 'member', 'observer'], write: false },
  'process.edit': { roles: ['lead', 'department_head', 'member'], write: true },
  'interview.view': { roles: ['lead', 'department_head', 'member', 'observer'], write: false },
  'interview.edit': { roles: ['lead', 'department_head', 'member'], write: true },
  'guide.manage': { roles: ['lead', 'department_head'], write: true },
  // Vendors read the requirements they will be scored against.
  'requirement.view': { roles: PROJECT_ROLES, write: false },
  'requirement.edit': { roles: ['lead', 'department_head', 'member'], write: true },
  // Status decisions, bulk changes, catalogue imports, deletion: the lead curates the catalogue.
  'requirement.approve': { roles: ['lead'], write: true },
  'requirement.rate': { roles: ['lead', 'department_head'], write: true },
  'requirement.comment': { roles: ['lead', 'department_head', 'member'], write: true },
  // Evaluation. A vendor sees only its own candidate (enforced in every query's where).
  'candidate.view': { roles: PROJECT_ROLES, write: false },
  'candidate.manage': { roles: ['lead'], write: true },
  // Members score only when the lead made them evaluators (checked in the model).
  'score.submit': { roles: ['lead', 'department_head', 'member'], write: true },
  // Closing/reopening rounds, consensus, weights and evaluation settings.
  'round.manage': { roles: ['lead'], write: true },
  'results.view': { roles: ['lead', 'department_head', 'member', 'observer'], write: false },
  'improvement.view': { roles: PROJECT_ROLES, write: false },
  'improvement.manage': { roles: ['lead'], write: true },
  'improvement.estimate': { roles: ['vendor'], write: true },
  'decision.view': { roles: ['lead', 'department_head', 'member', 'observer'], write: false },
  'decision.manage': { roles: ['lead'], write: true },
  // The specification is the document both parties sign: the vendor reads it too (it names
  // only the chosen system, never the rejected alternatives).
  'spec.view': { roles: PROJECT_ROLES, write: false },
  // Downloads of the draft and of versions (DOCX, PDF, Markdown, changes).
  'spec.export': { roles: PROJECT_ROLES, write: false },
  // The draft (title fields, free text, sections, signers) and issuing versions.
  'spec.edit': { roles: ['lead'], write: true },
  // Remarks on an issued version: both parties review; observers only read.
  'spec.comment': { roles: ['lead', 'department_head', 'member', 'vendor'], write: true },
  'spec.resolve': { roles: ['lead'], write: true },
  // Signing and declining: only the version's required signers (checked in the model).
  'spec.sign': { roles: ['lead', 'department_head', 'member', 'vendor'], write: true },
} as const satisfies Record<string, Rule>

export type ProjectAction = keyof typeof PERMISSIONS
export const PROJECT_ACTIONS = Object.keys(PERMISSIONS) as ProjectAction[]

export type PermissionVerdict = { allowed: true } | { allowed: false; reason: 'role' | 'archived' }

export function checkPermission(role: ProjectRole, action: ProjectAction, archived: boolean): PermissionVerdict {
  const rule: Rule = PERMISSIONS[action]
  if (!rule.roles.includes(role)) return { allowed: false, reason: 'role' }
  if (archived && rule.write) return { allowed: false, reason: 'archived' }
  return { allowed: true }
}

export function can(role: ProjectRole, action: ProjectAction, archived = false): boolean {
  return checkPermission(role, action, archived).allowed
}

export function isProjectRole(value: string): value is ProjectRole {
  return (PROJECT_ROLES as readonly string[]).includes(value)
}
