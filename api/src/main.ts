/**
 * The HTTP server: applies migrations and creates the bucket, then serves.
 * Ready when `GET /health/ready` answers 200. Logs `listening on http://…`.
 */
import { buildApp } from './app.ts'
import { createLoginRateLimiter } from './auth/rate-limit.ts'
import { createTokenIssuer } from './auth/tokens.ts'
import { createRequestPool } from './db.ts'
import { EventHub } from './events.ts'
import { closeAll, loadConfigOrExit, onShutdown, retryUntil } from './lifecycle.ts'
import { applyMigrations } from './migrations.ts'
import { createTaskQueue } from './queue.ts'
import { createRedis, createRequestRedis } from './redis.ts'
import { createStorage } from './storage.ts'

const config = loadConfigOrExit()
// Requests fail fast with 503 when a store is down or hangs (API_DEPENDENCY_TIMEOUT_MS); the
// event subscriber keeps waiting instead, as ioredis resubscribes it once Redis is back.
const timeoutMs = config.dependencyTimeoutMs
const pool = createRequestPool(config.databaseUrl, 20, timeoutMs)
const storage = createStorage(config.s3, timeoutMs)
const redis = createRequestRedis(config.redisUrl, 'api', timeoutMs)
const subscriber = createRedis(config.redisUrl, 'api-events')
const queueConnection = createRequestRedis(config.redisUrl, 'api-queue', timeoutMs)
const queue = createTaskQueue(config.queueName, queueConnection)

try {
  await retryUntil('applying migrations', () => applyMigrations(pool))
  await retryUntil('creating the bucket', () => storage.ensureBucket())
} catch (error) {
  console.error(`start-up failed: ${(error as Error).message}`)
  process.exit(1)
}

const app = await buildApp({
  config,
  pool,
  redis,
  storage,
  queue,
  events: new EventHub(subscriber),
  tokens: createTokenIssuer(config.jwtSecret, config.jwtTtlSec),
  loginLimiter: createLoginRateLimiter(redis, config.loginRateLimitPerMin),
})

onShutdown(async () => {
  // Stop accepting and let in-flight requests finish before the pools go.
  await app.close()
  await closeAll([() => queue.close(), () => queueConnection.quit(), () => redis.quit(), () => subscriber.quit(), () => pool.end(), () => storage.close()])
})

const address = await app.listen({ host: config.host, port: config.port })
process.stdout.write(`listening on ${address}\n`)
