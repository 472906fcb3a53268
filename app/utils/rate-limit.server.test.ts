import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rate-limit.server'

describe('createRateLimiter', () => {
  it('allows `limit` hits per window and key, then refuses with the seconds to wait', () => {
    const rl = createRateLimiter({ limit: 2, windowMs: 60_000 })
    expect(rl.hit('a', 0).allowed).toBe(true)
    expect(rl.hit('a', 1).allowed).toBe(true)
    expect(rl.hit('a', 2)).toEqual({ allowed: false, retryAfterSeconds: 60 })
    expect(rl.hit('b', 2).allowed).toBe(true)
    expect(rl.hit('a', 60_000).allowed).toBe(true)
  })
})
