/** What the routes need, built once in main.ts and handed to `buildApp`. */
import type { Redis } from 'ioredis'
import type { createLoginRateLimiter } from './auth/rate-limit.ts'
import type { TokenIssuer } from './auth/tokens.ts'
import type { Config } from './config.ts'
import type { Pool } from './db.ts'
import type { EventHub } from './events.ts'
import type { TaskQueue } from './queue.ts'
import type { Storage } from './storage.ts'

export interface AppDeps {
  config: Config
  pool: Pool
  redis: Redis
  storage: Storage
  queue: TaskQueue
  events: EventHub
  tokens: TokenIssuer
  loginLimiter: ReturnType<typeof createLoginRateLimiter>
}
