import { createImprovement, sendImprovements, submitEstimate, transitionImprovement, type EstimateInput } from '~/models/improvement.server'
import { updateRequirement } from '~/models/requirement.server'
import { getDraft, saveDraft, type DraftPatch } from '~/models/spec-draft.server'
import { addComment, resolveComment } from '~/models/spec-review.server'
import { createSigningChallenge, getVersion, issueVersion, signVersion } from '~/models/spec-version.server'
import { blockingItems } from '~/document/completeness.server'
import type { Db } from '~/utils/db.server'
import { DEMO_SPEC, type DemoEstimate, type DemoSpecStory } from './seed-demo-spec-data'

/**
 * The demo projects' specification, written through the app's model functions so that every
 * step has its audit event: the vendor estimates the chosen system's open items, the lead fills
 * in the draft (GOST 34.602-2020 for the Russian demo, the short template for the English one)
 * and issues version 1; department heads and the vendor leave remarks, the lead accepts or
 * rejects each; the fixes (a sharper acceptance criterion, a section's text, a revised
 * estimate) go into version 2, which the client lead and then the vendor sign. A new user can
 * open, compare, export and verify at once. Dates lie in the past where the models take one.
 */

const DAY_MS = 24 * 60 * 60 * 1000
const ISSUE_STAGES = ['1', '2', '3']
const SIGNED_FROM = { ip: '127.0.0.1', userAgent: 'Specwright demo seed' }

type Person = { userId: string; name: string }
type Ctx = {
  db: Db
  projectId: string
  story: DemoSpecStory
  lead: Person
  vendor: Person
  candidateId: string
}

export async function seedDemoSpec(db: Db, projectId: string, slug: keyof typeof DEMO_SPEC, now = new Date()) {
  const story = DEMO_SPEC[slug]
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS)
  const members = await db.membership.findMany({
    where: { projectId },
    select: { user: { select: { id: true, email: true, name: true } } },
  })
  const person = (email: string): Person => {
    const m = members.find((x) => x.user.email === email)
    if (!m) throw new Error(`demo specification names ${email}, who is not a member of ${slug}`)
    return { userId: m.user.id, name: m.user.name }
  }
  const decision = await db.decision.findUnique({
    where: { projectId },
    select: { chosenCandidateId: true },
  })
  if (!decision?.chosenCandidateId) throw new Error(`demo specification of ${slug}: no chosen candidate`)
  const ctx: Ctx = {
    db,
    projectId,
    story,
    lead: person(story.leadEmail),
    vendor: person(story.vendorEmail),
    candidateId: decision.chosenCandidateId,
  }

  await estimateOpenItems(ctx)
  await planLaterItem(ctx)
  await saveDraftOrThrow(ctx, {
    templateId: story.templateId,
    titleFields: story.titleFields,
    freeText: story.freeText,
    signers: story.signers.map((s) => ({
      userId: person(s.email).userId,
      party: s.party,
      meaning: s.meaning,
      role: s.role,
    })),
    signingOrder: 'sequential',
  })
  const v1 = await issueOrThrow(ctx, daysAgo(12))
  await review(ctx, v1, person, {
    remarkedAt: daysAgo(11),
    resolvedAt: daysAgo(9),
  })

  await sharpenRequirement(ctx)
  await saveDraftOrThrow(ctx, {
    freeText: { ...story.freeText, ...story.v2.freeText },
  })
  await reestimate(ctx)
  const v2 = await issueOrThrow(ctx, daysAgo(3))

  for (const [i, signer] of story.signers.entries()) {
    await sign(ctx, v2, person(signer.email), signer.position, daysAgo(2 - i))
  }
  const signed = await getVersion(db, projectId, v2)
  if (signed?.status !== 'signed') throw new Error(`demo specification of ${slug}: version ${v2} ended ${signed?.status ?? 'missing'}, not signed`)
}

// ── a. The vendor's estimates ──────────────────────────────────────────────────────────────

function estimateInput(e: DemoEstimate, hourlyRate: number, earliestStart: Date): EstimateInput {
  const byHours = e.fixed === undefined
  return {
    hoursCenti: byHours ? Math.round((e.hours ?? 0) * 100) : null,
    hourlyRateMinor: byHours ? hourlyRate * 100 : null,
    fixedPriceMinor: byHours ? null : e.fixed! * 100,
    durationDays: e.days,
    earliestStart,
    feasibility: 'feasible',
    vendorComment: e.comment,
  }
}

async function itemVersion(ctx: Ctx, code: string): Promise<number> {
  return (
    await ctx.db.improvement.findFirstOrThrow({
      where: { projectId: ctx.projectId, code },
      select: { version: true },
    })
  ).version
}

/**
 * Every item of the chosen system in stages 1–3 needs an estimate with a duration before the
 * specification can be issued: the lead takes up the suggestions still open and sends them,
 * the vendor estimates everything awaiting its figures, and the lead agrees the estimates
 * (except the one the vendor will revise after the review of version 1).
 */
async function estimateOpenItems(ctx: Ctx) {
  const { db, projectId, story, lead, vendor, candidateId } = ctx
  const open = await db.improvement.findMany({
    where: {
      projectId,
      candidateId,
      stage: { in: ISSUE_STAGES },
      status: { in: ['suggested', 'proposed', 'sent'] },
    },
    orderBy: { code: 'asc' },
    select: { code: true, title: true, status: true, version: true },
  })
  for (const item of open.filter((i) => i.status === 'suggested')) {
    await transitionImprovement(db, lead.userId, projectId, item.code, item.version, 'accept')
  }
  await sendImprovements(
    db,
    lead.userId,
    projectId,
    open.map((i) => i.code),
  )
  for (const [n, item] of open.entries()) {
    const estimate = story.estimates[item.title] ?? story.defaultEstimate
    const start = new Date(Date.UTC(2027, 0, 18 + 7 * (n % 3)))
    const done = await submitEstimate(db, vendor.userId, projectId, candidateId, item.code, await itemVersion(ctx, item.code), estimateInput(estimate, story.hourlyRate, start))
    if (!done) throw new Error(`demo specification: the vendor could not estimate ${item.code}`)
    if (item.title !== story.v2.reestimate.title) {
      await transitionImprovement(db, lead.userId, projectId, item.code, await itemVersion(ctx, item.code), 'agree')
    }
  }
}

/** An item for later, sent to the vendor and still awaiting its estimate (later items do not block issuing). */
async function planLaterItem(ctx: Ctx) {
  const { db, projectId, story, lead, candidateId } = ctx
  const known = await db.requirement.findMany({
    where: {
      projectId,
      code: { in: story.laterItem.requirementCodes },
      deletedAt: null,
    },
    select: { code: true },
  })
  const created = await createImprovement(db, lead.userId, projectId, {
    candidateId,
    title: story.laterItem.title,
    description: story.laterItem.description,
    feasibility: 'feasible',
    stage: 'later',
    mustBeforeGoLive: false,
    sequential: false,
    requirementCodes: known.map((r) => r.code),
  })
  await sendImprovements(db, lead.userId, projectId, [created.code])
}

// ── b–d. The draft, the versions and the review ────────────────────────────────────────────

async function saveDraftOrThrow(ctx: Ctx, patch: DraftPatch) {
  const { revision } = await getDraft(ctx.db, ctx.projectId)
  const saved = await saveDraft(ctx.db, ctx.lead.userId, ctx.projectId, revision, patch)
  if (!saved.ok) throw new Error(`demo specification draft refused: ${JSON.stringify(saved)}`)
}

async function issueOrThrow(ctx: Ctx, at: Date): Promise<number> {
  const issued = await issueVersion(ctx.db, {
    projectId: ctx.projectId,
    actorId: ctx.lead.userId,
    now: at,
  })
  if (!issued.ok) {
    const detail = issued.error === 'incomplete' ? { ...issued, items: blockingItems(issued.items) } : issued
    throw new Error(`demo specification could not be issued: ${JSON.stringify(detail)}`)
  }
  return issued.number
}

async function review(ctx: Ctx, number: number, person: (email: string) => Person, at: { remarkedAt: Date; resolvedAt: Date }) {
  const { db, projectId, story, lead } = ctx
  for (const [i, remark] of story.remarks.entries()) {
    const added = await addComment(db, {
      projectId,
      number,
      authorId: person(remark.authorEmail).userId,
      anchor: remark.anchor,
      body: remark.body,
      // In the review period, before its resolution.
      now: new Date(at.remarkedAt.getTime() + i * 3_600_000),
    })
    if (!added.ok) throw new Error(`demo remark on ${remark.anchor} refused: ${added.error}`)
    const resolved = await resolveComment(db, {
      projectId,
      number,
      actorId: lead.userId,
      commentId: added.id,
      status: remark.status,
      resolution: remark.resolution,
      now: at.resolvedAt,
    })
    if (!resolved.ok) throw new Error(`demo remark on ${remark.anchor} could not be resolved: ${resolved.error}`)
  }
}

/** The accepted remark on a requirement: its acceptance criterion becomes measurable. */
async function sharpenRequirement(ctx: Ctx) {
  await changeAcceptanceCriterion(ctx.db, ctx.lead.userId, ctx.projectId, ctx.story.v2.requirement.code, () => ctx.story.v2.requirement.acceptanceCriterion)
}

/**
 * Edits one requirement's acceptance criterion through the requirement model (as the lead, who
 * may keep an approved requirement approved), every other field as stored. Also used by
 * `seed --large` to make the next specification version differ.
 */
export async function changeAcceptanceCriterion(db: Db, leadId: string, projectId: string, code: string, next: (current: string) => string) {
  const r = await db.requirement.findFirstOrThrow({ where: { projectId, code, deletedAt: null } })
  const list = (raw: string) => JSON.parse(raw) as string[]
  const result = await updateRequirement(db, { id: leadId, canApprove: true }, projectId, r.id, r.version, {
    title: r.title,
    statement: r.statement,
    rationale: r.rationale,
    acceptanceCriterion: next(r.acceptanceCriterion),
    type: r.type,
    priority: r.priority,
    departmentId: r.departmentId,
    status: r.status,
    stage: r.stage,
    tags: list(r.tags),
    integrationSystem: r.integrationSystem,
    integrationSystemName: r.integrationSystemName,
    integrationDirection: r.integrationDirection,
    integrationDataIn: list(r.integrationDataIn),
    integrationDataOut: list(r.integrationDataOut),
    integrationTrigger: r.integrationTrigger,
    integrationVolume: r.integrationVolume,
  })
  if (!result || !('ok' in result)) throw new Error(`${code} could not be updated: ${JSON.stringify(result)}`)
}

/** The accepted remark on the estimates: the lead sends the item back, the vendor revises it, the lead agrees. */
async function reestimate(ctx: Ctx) {
  const { db, projectId, story, lead, vendor, candidateId } = ctx
  const { title, sendBackComment, estimate } = story.v2.reestimate
  const item = await db.improvement.findFirst({
    where: { projectId, candidateId, title, status: 'estimated' },
    select: { code: true, version: true, earliestStart: true },
  })
  if (!item) throw new Error(`demo specification: no estimated item "${title}" to revise`)
  await transitionImprovement(db, lead.userId, projectId, item.code, item.version, 'send-back', sendBackComment)
  const start = item.earliestStart ?? new Date(Date.UTC(2027, 0, 18))
  await submitEstimate(db, vendor.userId, projectId, candidateId, item.code, await itemVersion(ctx, item.code), estimateInput(estimate, story.hourlyRate, start))
  await transitionImprovement(db, lead.userId, projectId, item.code, await itemVersion(ctx, item.code), 'agree')
}

// ── e. Signing ─────────────────────────────────────────────────────────────────────────────

async function sign(ctx: Ctx, number: number, signer: Person, position: string, at: Date) {
  const v = await getVersion(ctx.db, ctx.projectId, number)
  const slot = v?.signers.find((s) => s.userId === signer.userId)
  if (!v || !slot) throw new Error(`demo specification: ${signer.name} has no signature slot on version ${number}`)
  const challenge = await createSigningChallenge(ctx.db, slot.id, at)
  const signed = await signVersion(ctx.db, {
    projectId: ctx.projectId,
    number,
    userId: signer.userId,
    challenge,
    confirmedHash: v.contentHash,
    fullName: signer.name,
    position,
    ...SIGNED_FROM,
    now: at,
  })
  if (!signed.ok) throw new Error(`demo specification: ${signer.name} could not sign version ${number}: ${signed.reason}`)
}
