import { describe, expect, test } from 'vitest'
import {
  can,
  checkPermission,
  isProjectRole,
  PROJECT_ACTIONS,
  PROJECT_ROLES,
  type ProjectAction,
  type ProjectRole,
} from './permissions'

// The expected permission matrix, written out by hand (NOT derived from PERMISSIONS):
// Y = allowed, - = refused because of the role. Columns follow ROLES below.
const ROLES = ['lead', 'department_head', 'member', 'vendor', 'observer'] as const
const EXPECTED: Record<string, { cells: string; write: boolean }> = {
  //                    lead  dept  member vendor observer
  'project.view': { cells: 'Y Y Y Y Y', write: false },
  'project.update': { cells: 'Y - - - -', write: true },
  'project.archive': { cells: 'Y - - - -', write: false }, // lead must be able to restore an archived project
  'members.view': { cells: 'Y Y Y - Y', write: false }, // vendors do not see the working group
  'members.manage': { cells: 'Y - - - -', write: true },
  'departments.manage': { cells: 'Y - - - -', write: true },
  'audit.view': { cells: 'Y - - - -', write: false },
  'process.view': { cells: 'Y Y Y - Y', write: false }, // internal material: not for vendors
  'process.edit': { cells: 'Y Y Y - -', write: true },
  'interview.view': { cells: 'Y Y Y - Y', write: false },
  'interview.edit': { cells: 'Y Y Y - -', write: true },
  'guide.manage': { cells: 'Y Y - - -', write: true },
  'requirement.view': { cells: 'Y Y Y Y Y', write: false },
  'requirement.edit': { cells: 'Y Y Y - -', write: true },
  'requirement.approve': { cells: 'Y - - - -', write: true },
  'requirement.rate': { cells: 'Y Y - - -', write: true },
  'requirement.comment': { cells: 'Y Y Y - -', write: true },
  'candidate.view': { cells: 'Y Y Y Y Y', write: false }, // a vendor: its own candidate only (query level)
  'candidate.manage': { cells: 'Y - - - -', write: true },
  'score.submit': { cells: 'Y Y Y - -', write: true },
  'round.manage': { cells: 'Y - - - -', write: true },
  'results.view': { cells: 'Y Y Y - Y', write: false }, // vendors never see rankings or others' scores
  'improvement.view': { cells: 'Y Y Y Y Y', write: false }, // a vendor: items addressed to it only
  'improvement.manage': { cells: 'Y - - - -', write: true },
  'improvement.estimate': { cells: '- - - Y -', write: true },
  'decision.view': { cells: 'Y Y Y - Y', write: false },
  'decision.manage': { cells: 'Y - - - -', write: true },
  'spec.view': { cells: 'Y Y Y Y Y', write: false },
  'spec.export': { cells: 'Y Y Y Y Y', write: false },
  'spec.edit': { cells: 'Y - - - -', write: true },
  'spec.comment': { cells: 'Y Y Y Y -', write: true },
  'spec.resolve': { cells: 'Y - - - -', write: true },
  'spec.sign': { cells: 'Y Y Y Y -', write: true },
}

function expectedAllowed(action: string, role: ProjectRole): boolean {
  const row = EXPECTED[action]
  if (!row) throw new Error(`no expected row for ${action}`)
  const cells = row.cells.split(' ')
  expect(cells).toHaveLength(ROLES.length)
  return cells[ROLES.indexOf(role as (typeof ROLES)[number])] === 'Y'
}

describe('permission table', () => {
  test('the roles are exactly the five documented ones, in order', () => {
    expect([...PROJECT_ROLES]).toEqual([...ROLES])
  })

  test('the expected table has a row for exactly the actions that exist', () => {
    expect([...PROJECT_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  const cases = ROLES.flatMap((role) => Object.keys(EXPECTED).map((action) => ({ role, action })))

  test.each(cases)('active project: $role × $action', ({ role, action }) => {
    const allowed = expectedAllowed(action, role)
    const verdict = checkPermission(role, action as ProjectAction, false)
    expect(verdict).toEqual(allowed ? { allowed: true } : { allowed: false, reason: 'role' })
    expect(can(role, action as ProjectAction)).toBe(allowed)
  })

  test.each(cases)('archived project: $role × $action', ({ role, action }) => {
    const allowedByRole = expectedAllowed(action, role)
    const isWrite = EXPECTED[action]!.write
    const verdict = checkPermission(role, action as ProjectAction, true)
    if (!allowedByRole) expect(verdict).toEqual({ allowed: false, reason: 'role' })
    else if (isWrite) expect(verdict).toEqual({ allowed: false, reason: 'archived' })
    else expect(verdict).toEqual({ allowed: true })
    expect(can(role, action as ProjectAction, true)).toBe(allowedByRole && !isWrite)
  })

  test('on an archived project a lead can still view and restore, but not edit', () => {
    expect(checkPermission('lead', 'project.view', true)).toEqual({ allowed: true })
    expect(checkPermission('lead', 'project.archive', true)).toEqual({ allowed: true })
    expect(checkPermission('lead', 'audit.view', true)).toEqual({ allowed: true })
    expect(checkPermission('lead', 'project.update', true)).toEqual({ allowed: false, reason: 'archived' })
    expect(checkPermission('lead', 'members.manage', true)).toEqual({ allowed: false, reason: 'archived' })
    expect(checkPermission('lead', 'departments.manage', true)).toEqual({ allowed: false, reason: 'archived' })
  })

  test('a role refusal wins over the archived refusal', () => {
    expect(checkPermission('observer', 'project.update', true)).toEqual({ allowed: false, reason: 'role' })
  })

  test('isProjectRole accepts exactly the project roles', () => {
    for (const role of ROLES) expect(isProjectRole(role)).toBe(true)
    for (const other of ['admin', 'Lead', '', 'owner', 'department-head']) expect(isProjectRole(other)).toBe(false)
  })
})
