import { Badge } from '~/components/ui/panel'
import { useI18n } from '~/i18n'

const TONE = { issued: 'amber', signed: 'green', declined: 'red', superseded: 'slate' } as const

/** A specification version's status as a coloured badge (hub list and version page). */
export function VersionStatusBadge({ status }: { status: string }) {
  const { t } = useI18n()
  return <Badge tone={TONE[status as keyof typeof TONE] ?? 'slate'}>{t(`specVersion.status.${status}`)}</Badge>
}
