import { createT, type Locale } from '~/i18n'
import { env } from './env.server'

/**
 * Sends an invitation by e-mail when SMTP is configured. Without SMTP nothing is sent and the
 * caller shows the link for the lead to pass on: an invitation is never silently dropped.
 * Returns whether the mail was handed to the SMTP server.
 */
export async function sendInvitationMail(input: {
  to: string
  link: string
  projectName: string
  inviterName: string
  locale: Locale
}): Promise<boolean> {
  const e = env()
  if (!e.SMTP_HOST) return false
  const t = createT(input.locale)
  try {
    const nodemailer = await import('nodemailer')
    const transport = nodemailer.createTransport({
      host: e.SMTP_HOST,
      port: e.SMTP_PORT ?? 587,
      auth: e.SMTP_USER ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } : undefined,
    })
    await transport.sendMail({
      from: e.SMTP_FROM ?? e.SMTP_USER ?? 'specwright@localhost',
      to: input.to,
      subject: t('mail.inviteSubject', { project: input.projectName }),
      text: t('mail.inviteBody', { inviter: input.inviterName, project: input.projectName, link: input.link }),
    })
    return true
  } catch (error) {
    // The link is still shown to the lead, so a mail failure is logged, not fatal.
    console.error('[mail] invitation not sent', { to: input.to, error: error instanceof Error ? error.message : error })
    return false
  }
}
