/**
 * Login attempts per (username, address) in fixed one-minute windows, counted
 * in Redis so every API process shares the count.
 */
import type { Redis } from 'ioredis'

export interface RateDecision {
  allowed: boolean
  retryAfterSec: number
}

export function createLoginRateLimiter(redis: Redis, limitPerMin: number) {
  return async (username: string, address: string): Promise<RateDecision> => {
    const windowIndex = Math.floor(Date.now() / 60_000)
    const key = `ratelimit:login:${windowIndex}:${address}:${username.toLowerCase()}`
    const [[, count]] = (await redis.multi().incr(key).expire(key, 61).exec()) as [[Error | null, number]]
    const retryAfterSec = 60 - Math.floor((Date.now() % 60_000) / 1000)
    return { allowed: count <= limitPerMin, retryAfterSec }
  }
}
