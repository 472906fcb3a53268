import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/specification-version'
import { ExportLink } from '~/components/export-link'
import { previewHtml } from '~/document/preview-html.server'
import { Button, buttonClass } from '~/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { formatDate, formatDateTime, useI18n } from '~/i18n'
import { VersionStatusBadge } from '~/components/spec-version-status'
import { addComment, anchorsOf, commentSchema, listComments, resolutionSchema, resolveComment } from '~/models/spec-review.server'
import { HASH_RE } from '~/models/spec-verify.server'
import {
  activeSignature,
  createSigningChallenge,
  declineVersion,
  documentWithSignatures,
  getVersion,
  versionNumbers,
  revokeSignature,
  signingGate,
  signVersion,
  type SignRefusal,
} from '~/models/spec-version.server'
import { reauthenticate } from '~/models/user.server'
import { db } from '~/utils/db.server'
import { clientIp, readForm } from '~/utils/http.server'
import { can } from '~/utils/permissions'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseWith, type FieldErrors } from '~/utils/validation'

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

function versionNumber(raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw data({ message: 'Not found' }, { status: 404 })
  return n
}

// One issued version: the frozen document, who signs in which order, the review remarks and
// the downloads. Everyone with spec.view reads it; signing is for the version's signers only.
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, user, membership } = await requireProjectPermission(request, params.slug, 'spec.view')
  const { t } = await requestI18n(request)
  const number = versionNumber(params.number)
  const v = await getVersion(db, project.id, number)
  if (!v) throw data({ message: t('specVersion.notFound', { number }) }, { status: 404 })
  const archived = project.archivedAt !== null
  const gate = signingGate(v, user.id)
  const mySlot = v.signers.find((s) => s.userId === user.id)
  const mine = mySlot ? activeSignature(v.signatures, mySlot.id) : undefined
  // A fresh one-time token for the signing form: a replayed or second submission is refused.
  const canSignRole = can(membership.role, 'spec.sign', archived)
  const challenge = canSignRole && mySlot && (gate.ok || (gate.reason === 'out_of_turn' && v.status === 'issued')) ? await createSigningChallenge(db, mySlot.id) : null
  const [comments, versions] = await Promise.all([listComments(db, v.id), versionNumbers(db, project.id)])
  return {
    pageTitle: t('specVersion.title', { number }),
    slug: project.slug,
    version: {
      id: v.id,
      number: v.number,
      status: v.status,
      contentHash: v.contentHash,
      storedHashOk: v.storedHashOk,
      templateId: v.templateId,
      signingOrder: v.signingOrder,
      issuedAt: v.issuedAt.toISOString(),
      issuedBy: v.issuedBy.name,
      signedAt: v.signedAt?.toISOString() ?? null,
      reviewDeadline: v.reviewDeadline.toISOString(),
      closedReason: v.closedReason,
    },
    preview: previewHtml(documentWithSignatures(v)),
    signers: v.signers.map((s) => {
      const sig = activeSignature(v.signatures, s.id)
      const history = v.signatures.filter((x) => x.signerId === s.id && (x.revokedAt !== null || x.decision === 'declined'))
      return {
        id: s.id,
        name: s.user.name,
        role: s.role,
        party: s.party,
        meaning: s.meaning,
        isMe: s.userId === user.id,
        signature: sig ? { decision: sig.decision, fullName: sig.fullName, position: sig.position, at: sig.createdAt.toISOString(), reason: sig.reason } : null,
        history: history.map((h) => ({ decision: h.decision, at: h.createdAt.toISOString(), revokedAt: h.revokedAt?.toISOString() ?? null, reason: h.reason })),
      }
    }),
    gate: gate.ok ? { ok: true as const } : { ok: false as const, reason: gate.reason, waitingFor: gate.waitingFor ?? null },
    challenge,
    mySignature: mine && mine.decision === 'signed' && v.status === 'issued' ? { at: mine.createdAt.toISOString() } : null,
    me: { name: user.name },
    comments: comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), resolvedAt: c.resolvedAt?.toISOString() ?? null })),
    anchors: anchorsOf(v.document, v.data),
    reviewOpen: v.status === 'issued' || v.status === 'declined',
    canComment: can(membership.role, 'spec.comment', archived),
    canResolve: can(membership.role, 'spec.resolve', archived),
    others: versions.filter((n) => n !== v.number),
  }
}

// Signing and declining both re-authenticate the person and name them as they sign.
const signerFields = {
  challenge: z.string().min(1),
  password: z.string().min(1, { error: 'required' }),
  fullName: z.string().trim().min(3, { error: 'required' }).max(200),
  position: z.string().trim().min(2, { error: 'required' }).max(200),
}
const signSchema = z.object({ intent: z.literal('sign'), ...signerFields, confirmedHash: z.string().regex(HASH_RE), confirm: z.literal('on', { error: 'confirm' }) })
const declineSchema = z.object({ intent: z.literal('decline'), ...signerFields, reason: z.string().trim().min(3, { error: 'required' }).max(4000) })

type ActionResult = { intent: string; errors: FieldErrors; formError: string | null }

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const needed = intent === 'comment' ? 'spec.comment' : intent === 'resolve' ? 'spec.resolve' : 'spec.sign'
  const { project, user } = await requireProjectPermission(request, params.slug, needed)
  const { t } = await requestI18n(request)
  const number = versionNumber(params.number)
  const back = `/p/${project.slug}/specification/v/${number}`
  const fail = (result: Partial<ActionResult>, status = 400) => data<ActionResult>({ intent, errors: {}, formError: null, ...result }, { status })
  const refused = (reason: SignRefusal | string, waitingFor?: string) => fail({ formError: t(`specVersion.refused.${reason}`, { name: waitingFor ?? '' }) }, 409)

  switch (intent) {
    case 'comment': {
      const parsed = parseWith(commentSchema, form, t)
      if (!parsed.ok) return fail({ errors: parsed.errors })
      const done = await addComment(db, { projectId: project.id, number, authorId: user.id, ...parsed.value })
      if (!done.ok) return fail({ formError: t(`specVersion.commentError.${done.error}`) }, done.error === 'not_found' ? 404 : 409)
      return redirectWithToast(`${back}#remarks`, { type: 'success', message: t('specVersion.commentAdded') })
    }
    case 'resolve': {
      const parsed = parseWith(resolutionSchema, form, t)
      if (!parsed.ok) return fail({ errors: Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [`${k}.${String(form.get('commentId'))}`, v])) })
      const done = await resolveComment(db, { projectId: project.id, number, actorId: user.id, ...parsed.value })
      if (!done.ok) return fail({ formError: t(`specVersion.commentError.${done.error}`) }, done.error === 'not_found' ? 404 : 409)
      return redirectWithToast(`${back}#remarks`, { type: 'success', message: t(`specVersion.resolved.${parsed.value.status}`) })
    }
    case 'sign':
    case 'decline': {
      const parsed = intent === 'sign' ? parseWith(signSchema, form, t) : parseWith(declineSchema, form, t)
      if (!parsed.ok) return fail({ errors: parsed.errors })
      // Re-authentication: the signer's password, checked now, for this signature only.
      const auth = await reauthenticate(db, { userId: user.id, password: parsed.value.password, ip: clientIp(request, context) })
      if (!auth.ok && auth.reason === 'throttled') {
        return data<ActionResult>({ intent, errors: { password: t('specVersion.throttled', { seconds: auth.retryAfterSeconds }) }, formError: null }, { status: 429, headers: { 'Retry-After': String(auth.retryAfterSeconds) } })
      }
      if (!auth.ok) return fail({ errors: { password: t('specVersion.wrongPassword') } }, 403)
      const common = {
        projectId: project.id,
        number,
        userId: user.id,
        challenge: parsed.value.challenge,
        fullName: parsed.value.fullName,
        position: parsed.value.position,
        ip: clientIp(request, context),
        userAgent: request.headers.get('user-agent') ?? '',
      }
      const value = parsed.value
      const done = value.intent === 'sign' ? await signVersion(db, { ...common, confirmedHash: value.confirmedHash }) : await declineVersion(db, { ...common, reason: value.reason })
      if (!done.ok) return refused(done.reason, done.waitingFor)
      const message = intent === 'decline' ? t('specVersion.declined') : done.status === 'signed' ? t('specVersion.fullySigned', { number }) : t('specVersion.signedToast')
      return redirectWithToast(back, { type: 'success', message })
    }
    case 'revoke': {
      const done = await revokeSignature(db, { projectId: project.id, number, userId: user.id })
      if (!done.ok) return refused(`revoke_${done.reason}`)
      return redirectWithToast(back, { type: 'success', message: t('specVersion.revoked') })
    }
    default:
      return fail({ formError: t('errors.invalid') })
  }
}

type LoaderData = Awaited<ReturnType<typeof loader>>
type ActionData = ActionResult


export default function SpecificationVersion() {
  const l = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t, locale } = useI18n()
  const v = l.version
  const base = `/p/${l.slug}/specification`
  const exportHref = (format: string, extra = '') => `${base}/export?version=${v.number}&format=${format}${extra}`
  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {t('specVersion.title', { number: v.number })}
            <VersionStatusBadge status={v.status} />
          </span>
        }
        description={t('specVersion.issuedBy', { name: v.issuedBy, time: formatDateTime(v.issuedAt, locale) })}
        actions={
          <Link to={base} className={buttonClass('secondary', 'sm')}>
            {t('specVersion.allVersions')}
          </Link>
        }
      />
      {!v.storedHashOk ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          {t('specVersion.tampered')}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Panel title={t('specVersion.facts')} className="lg:col-span-1">
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-slate-600">{t('specVersion.hash')}</dt>
              <dd className="break-all font-mono text-xs" data-testid="content-hash">
                {v.contentHash}
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">{t('specVersion.order')}</dt>
              <dd>{t(`specVersion.orders.${v.signingOrder}`)}</dd>
            </div>
            {v.status === 'issued' || v.status === 'declined' ? (
              <div>
                <dt className="text-slate-600">{t('specVersion.reviewDeadline')}</dt>
                <dd>{formatDate(v.reviewDeadline, locale)}</dd>
              </div>
            ) : null}
            {v.signedAt ? (
              <div>
                <dt className="text-slate-600">{t('specVersion.signedAt')}</dt>
                <dd>{formatDateTime(v.signedAt, locale)}</dd>
              </div>
            ) : null}
          </dl>
          <h3 className="mt-4 text-sm font-semibold">{t('specVersion.downloads')}</h3>
          <div className="mt-2 flex flex-wrap gap-2">
            <ExportLink href={exportHref('pdf')}>PDF{v.status === 'signed' ? ` · ${t('specVersion.sealed')}` : ''}</ExportLink>
            <ExportLink href={exportHref('docx')}>DOCX</ExportLink>
            <ExportLink href={exportHref('md')}>Markdown</ExportLink>
          </div>
          {l.others.length > 0 ? (
            <Form method="get" action={`${base}/diff`} className="mt-4 flex items-end gap-2">
              <input type="hidden" name="to" value={v.number} />
              <SelectField
                label={t('specVersion.compareWith')}
                name="from"
                defaultValue={String(l.others.find((n) => n < v.number) ?? l.others[0])}
                options={l.others.map((n) => ({ value: String(n), label: t('specVersion.versionN', { number: n }) }))}
              />
              <Button type="submit" size="sm">
                {t('specVersion.compare')}
              </Button>
            </Form>
          ) : null}
        </Panel>
        <Signers l={l} result={result} />
      </div>
      <Remarks l={l} result={result} />
      <section aria-label={t('specVersion.document')} className="overflow-x-auto rounded-lg bg-slate-100 p-4">
        <div dangerouslySetInnerHTML={{ __html: l.preview }} />
      </section>
    </div>
  )
}

function Signers({ l, result }: { l: LoaderData; result: ActionData | undefined }) {
const { t, locale } = useI18n()
const v = l.version
  const busy = useNavigation().state !== 'idle'
  const errors = result?.intent === 'sign' || result?.intent === 'decline' ? result.errors : {}
  return (
    <Panel title={t('specVersion.signers')} className="lg:col-span-2">
      <ol className="space-y-3" aria-label={t('specVersion.signers')}>
        {l.signers.map((s, i) => (
          <li key={s.id} className="rounded border border-slate-200 p-3 text-sm" data-testid="signer">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span>
                <span className="text-slate-500">{i + 1}. </span>
                <strong>{s.name}</strong> · {t(`specVersion.party.${s.party}`)} · {t(`specVersion.meaning.${s.meaning}`)}
                {s.role ? <span className="text-slate-600"> · {s.role}</span> : null}
              </span>
              {s.signature?.decision === 'signed' ? (
                <Badge tone="green">{t('specVersion.signedBy', { time: formatDateTime(s.signature.at, locale) })}</Badge>
              ) : s.signature?.decision === 'declined' ? (
                <Badge tone="red">{t('specVersion.declinedBadge')}</Badge>
              ) : (
                <Badge>{t('specVersion.waiting')}</Badge>
              )}
            </div>
            {s.signature ? (
              <p className="mt-1 text-slate-700">
                {s.signature.fullName}, {s.signature.position}
                {s.signature.reason ? <span className="block text-red-800">{t('specVersion.reason', { reason: s.signature.reason })}</span> : null}
              </p>
            ) : null}
            {s.history
              .filter((h) => h.revokedAt)
              .map((h, j) => (
                <p key={j} className="mt-1 text-xs text-slate-500">
                  {t('specVersion.revokedAt', { time: formatDateTime(h.revokedAt!, locale) })}
                </p>
              ))}
          </li>
        ))}
      </ol>
      {result?.formError && (result.intent === 'sign' || result.intent === 'decline' || result.intent === 'revoke') ? <FormError message={result.formError} /> : null}
      {l.mySignature ? (
        <Form method="post" className="mt-3">
          <input type="hidden" name="intent" value="revoke" />
          <Button type="submit" size="sm" disabled={busy}>
            {t('specVersion.revoke')}
          </Button>
        </Form>
      ) : null}
      {!l.gate.ok && l.gate.reason === 'out_of_turn' ? <p className="mt-3 text-sm text-slate-700">{t('specVersion.refused.out_of_turn', { name: l.gate.waitingFor ?? '' })}</p> : null}
      {l.challenge && l.gate.ok ? (
        <Form method="post" className="mt-4 space-y-3 rounded-lg border border-accent-200 bg-accent-50 p-4" aria-label={t('specVersion.signForm')}>
          <h3 className="font-semibold">{t('specVersion.signForm')}</h3>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="challenge" value={l.challenge} />
          <input type="hidden" name="confirmedHash" value={v.contentHash} />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField label={t('specVersion.fullName')} name="fullName" defaultValue={l.me.name} required error={errors.fullName ? t('specVersion.fieldRequired') : undefined} />
            <TextField label={t('specVersion.position')} name="position" required error={errors.position ? t('specVersion.fieldRequired') : undefined} />
          </div>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="confirm" required className="mt-1" />
            <span>{t('specVersion.statement', { number: v.number, hash: v.contentHash })}</span>
          </label>
          {errors.confirm ? <p className="text-sm text-red-700">{t('specVersion.confirmRequired')}</p> : null}
          <TextField label={t('specVersion.password')} name="password" type="password" autoComplete="current-password" required error={errors.password} hint={t('specVersion.passwordHint')} />
          <Button type="submit" variant="primary" disabled={busy}>
            {t('specVersion.sign')}
          </Button>
        </Form>
      ) : null}
      {l.challenge && v.status === 'issued' ? (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer text-slate-700">{t('specVersion.declineSummary')}</summary>
          <Form method="post" className="mt-2 space-y-3">
            <input type="hidden" name="intent" value="decline" />
            <input type="hidden" name="challenge" value={l.challenge} />
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label={t('specVersion.fullName')} name="fullName" defaultValue={l.me.name} required />
              <TextField label={t('specVersion.position')} name="position" required />
            </div>
            <TextAreaField label={t('specVersion.declineReason')} name="reason" required rows={3} error={errors.reason ? t('specVersion.fieldRequired') : undefined} />
            <TextField label={t('specVersion.password')} name="password" type="password" autoComplete="current-password" required />
            <Button type="submit" variant="danger" disabled={busy}>
              {t('specVersion.decline')}
            </Button>
          </Form>
        </details>
      ) : null}
    </Panel>
  )
}

function Remarks({ l, result }: { l: LoaderData; result: ActionData | undefined }) {
const { t, locale } = useI18n()
  const errors = result?.intent === 'comment' || result?.intent === 'resolve' ? result.errors : {}
  const open = l.comments.filter((c) => c.status === 'open').length
  return (
    <Panel title={<span id="remarks">{t('specVersion.remarks', { count: l.comments.length })}</span>}>
      <p className="mb-3 text-sm text-slate-600">{l.reviewOpen ? t('specVersion.remarksOpen', { count: open }) : t('specVersion.reviewClosed')}</p>
      {result?.formError && (result.intent === 'comment' || result.intent === 'resolve') ? <FormError message={result.formError} /> : null}
      <ul className="space-y-3">
        {l.comments.map((c) => (
          <li key={c.id} className="rounded border border-slate-200 p-3 text-sm" data-testid="remark">
            <p className="text-xs text-slate-500">
              {c.anchorLabel} · {c.author.name} · {formatDateTime(c.createdAt, locale)}
            </p>
            <p className="mt-1 whitespace-pre-wrap">{c.body}</p>
            {c.status !== 'open' ? (
              <p className={`mt-2 ${c.status === 'accepted' ? 'text-green-800' : 'text-red-800'}`}>
                <strong>{t(`specVersion.resolution.${c.status}`)}</strong>
                {c.resolution ? `: ${c.resolution}` : ''} <span className="text-xs text-slate-500">— {c.resolvedBy?.name}</span>
              </p>
            ) : l.canResolve && l.reviewOpen ? (
              <Form method="post" className="mt-2 space-y-2">
                <input type="hidden" name="intent" value="resolve" />
                <input type="hidden" name="commentId" value={c.id} />
                <TextAreaField label={t('specVersion.justification')} name="resolution" rows={2} error={errors[`resolution.${c.id}`]} />
                <div className="flex gap-2">
                  <Button type="submit" name="status" value="accepted" size="sm">
                    {t('specVersion.accept')}
                  </Button>
                  <Button type="submit" name="status" value="rejected" size="sm">
                    {t('specVersion.reject')}
                  </Button>
                </div>
              </Form>
            ) : (
              <Badge tone="amber">{t('specVersion.resolution.open')}</Badge>
            )}
          </li>
        ))}
      </ul>
      {l.canComment && l.reviewOpen ? (
        <Form method="post" className="mt-4 space-y-3">
          <input type="hidden" name="intent" value="comment" />
          <SelectField
            label={t('specVersion.anchor')}
            name="anchor"
            required
            error={errors.anchor}
            options={l.anchors.map((a) => ({ value: `${a.type}:${a.id}`, label: `${a.type === 'section' ? '§ ' : ''}${a.label}` }))}
          />
          <TextAreaField label={t('specVersion.remark')} name="body" rows={3} required error={errors.body} />
          <Button type="submit" size="sm">
            {t('specVersion.addRemark')}
          </Button>
        </Form>
      ) : null}
    </Panel>
  )
}
