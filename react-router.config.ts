import type { Config } from '@react-router/dev/config'

export default {
  ssr: true,
  // A fresh dev server otherwise fails to hydrate on first visit ("Outdated Optimize Dep").
  future: { unstable_optimizeDeps: true },
} satisfies Config
