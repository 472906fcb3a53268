/**
 * A fixed-window counter per key, in this process's memory: enough for one instance guarding
 * a public page (the verification page). Several instances behind a load balancer each count
 * on their own; put a shared limiter in front when that matters.
 */
export type RateLimiter = { hit: (key: string, now?: number) => { allowed: boolean; retryAfterSeconds: number } }

export function createRateLimiter({ limit, windowMs, maxKeys = 10_000 }: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    hit(key, now = Date.now()) {
      let w = windows.get(key)
      if (!w || now - w.start >= windowMs) {
        if (windows.size >= maxKeys) {
          for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k)
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string)
        }
        w = { start: now, count: 0 }
        windows.set(key, w)
      }
      w.count++
      const allowed = w.count <= limit
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((w.start + windowMs - now) / 1000) }
    },
  }
}
