import { data, Form, Link, useActionData, useNavigation } from 'react-router'
import type { Route } from './+types/verify'
import { Button } from '~/components/ui/button'
import { FormError, TextField } from '~/components/ui/field'
import { formatDateTime, useI18n } from '~/i18n'
import { verifyFile, verifyHash, type VerifyOutcome } from '~/models/spec-verify.server'
import { db, dbReady } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { clientIp, readForm } from '~/utils/http.server'
import { createRateLimiter } from '~/utils/rate-limit.server'
import { requestI18n } from '~/utils/request.server'

export const meta: Route.MetaFunction = () => [{ title: 'Verify a specification · Specwright' }]

// Public: anyone holding an exported specification (or its hash) learns whether it matches a
// version, which one and who signed when — nothing else about the project. No login; each IP
// gets a limited number of checks per 10 minutes.
const limiter = createRateLimiter({ limit: 20, windowMs: 10 * 60 * 1000 })

export async function loader() {
  return { maxMb: Math.round(env().VERIFY_MAX_BYTES / 1024 / 1024) }
}

type ActionResult = { outcome: VerifyOutcome | null; error: string | null; fileName: string | null }

export async function action({ request, context }: Route.ActionArgs) {
  const { t } = await requestI18n(request)
  const gate = limiter.hit(clientIp(request, context))
  if (!gate.allowed) {
    return data<ActionResult>({ outcome: null, error: t('verify.tooMany', { seconds: gate.retryAfterSeconds }), fileName: null }, { status: 429, headers: { 'Retry-After': String(gate.retryAfterSeconds) } })
  }
  const form = await readForm(request, env().VERIFY_MAX_BYTES)
  await dbReady()
  const file = form.get('file')
  const hash = String(form.get('hash') ?? '').trim()
  if (file instanceof File && file.size > 0) {
    const bytes = Buffer.from(await file.arrayBuffer())
    const outcome = await verifyFile(db, bytes)
    return data<ActionResult>({ outcome, error: null, fileName: file.name.slice(0, 200) }, { status: outcome.result === 'invalid' ? 400 : 200 })
  }
  if (hash) {
    const outcome = await verifyHash(db, hash)
    return data<ActionResult>({ outcome, error: null, fileName: null }, { status: outcome.result === 'invalid' ? 400 : 200 })
  }
  return data<ActionResult>({ outcome: null, error: t('verify.nothing'), fileName: null }, { status: 400 })
}

export default function Verify({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>()
  const { t } = useI18n()
  const busy = useNavigation().state !== 'idle'
  return (
    <div className="mx-auto max-w-2xl space-y-6 py-8">
      <header>
        <h1 className="text-2xl font-semibold">{t('verify.title')}</h1>
        <p className="mt-2 text-sm text-slate-600">{t('verify.purpose')}</p>
      </header>
      <Form method="post" encType="multipart/form-data" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <div className="space-y-1">
          <label htmlFor="verify-file" className="block text-sm font-medium text-slate-700">
            {t('verify.file')}
          </label>
          <input id="verify-file" name="file" type="file" accept=".pdf,.docx,.md,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown" className="block w-full text-sm" aria-describedby="verify-file-hint" />
          <p id="verify-file-hint" className="text-xs text-slate-500">
            {t('verify.fileHint', { mb: loaderData.maxMb })}
          </p>
        </div>
        <p className="text-center text-xs uppercase tracking-wide text-slate-500">{t('verify.or')}</p>
        <TextField label={t('verify.hash')} name="hash" placeholder="e3b0c442…" autoComplete="off" spellCheck={false} />
        {result?.error ? <FormError message={result.error} /> : null}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('verify.checking') : t('verify.check')}
        </Button>
      </Form>
      {result?.outcome ? <Outcome outcome={result.outcome} fileName={result.fileName} /> : null}
      <p className="text-xs text-slate-500">
        {t('verify.cli')} <code className="rounded bg-slate-100 px-1">npx specwright verify FILE</code> · <Link to="/" className="underline">Specwright</Link>
      </p>
    </div>
  )
}

function Outcome({ outcome, fileName }: { outcome: VerifyOutcome; fileName: string | null }) {
  const { t, locale } = useI18n()
  if (outcome.result === 'match') {
    const signed = outcome.status === 'signed'
    return (
      <section role="status" aria-live="polite" data-testid="verify-result" className={`rounded-lg border p-5 text-sm ${signed ? 'border-green-300 bg-green-50 text-green-950' : 'border-amber-300 bg-amber-50 text-amber-950'}`}>
        <h2 className="text-lg font-semibold">{signed ? t('verify.matchSigned') : t(`verify.matchStatus.${outcome.status}`)}</h2>
        {fileName ? <p className="mt-1 text-xs">{fileName}</p> : null}
        <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt>{t('verify.project')}</dt>
          <dd>{outcome.project}</dd>
          <dt>{t('verify.version')}</dt>
          <dd>{outcome.version}</dd>
          <dt>{t('verify.contentHash')}</dt>
          <dd className="break-all font-mono text-xs">{outcome.contentHash}</dd>
          <dt>{t('verify.proof')}</dt>
          <dd>{t(`verify.proofs.${outcome.proof}`)}</dd>
        </dl>
        {outcome.signatures.length > 0 ? (
          <>
            <h3 className="mt-4 font-semibold">{t('verify.signatures')}</h3>
            <ul className="mt-1 list-disc pl-5">
              {outcome.signatures.map((s, i) => (
                <li key={i}>
                  {t('verify.signatureLine', { name: s.name, position: s.position, party: t(`specVersion.party.${s.party}`), meaning: t(`specVersion.meaning.${s.meaning}`), time: formatDateTime(s.signedAt, locale) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {outcome.notes.length > 0 ? <p className="mt-3">{t('verify.namedNote')}</p> : null}
      </section>
    )
  }
  const tone = outcome.result === 'altered' ? 'border-red-300 bg-red-50 text-red-950' : 'border-slate-300 bg-slate-50 text-slate-900'
  return (
    <section role="status" aria-live="polite" data-testid="verify-result" className={`rounded-lg border p-5 text-sm ${tone}`}>
      <h2 className="text-lg font-semibold">{t(`verify.results.${outcome.result}`)}</h2>
      <p className="mt-2">{outcome.result === 'altered' ? t(`verify.altered.${outcome.reason}`, { version: outcome.version ?? '' }) : t(`verify.messages.${outcome.code}`)}</p>
    </section>
  )
}
