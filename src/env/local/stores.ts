/**
 * The three stores of the local environment, started together on their own
 * free ports, and the API variables that point at them.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Supervisor } from '../process/supervisor.ts'
import type { ApiConfig } from '../types.ts'
import { type StartedPostgres, startPostgres } from './postgres.ts'
import { type StartedRedis, startRedis } from './redis.ts'
import { type StartedS3, s3rverCredentials, startS3 } from './s3.ts'

export interface StartedStores {
  postgres: StartedPostgres
  redis: StartedRedis
  s3: StartedS3
}

export async function startStores(
  supervisor: Supervisor,
  options: { root: string; logsDir: string },
): Promise<StartedStores> {
  const log = (service: string) => join(options.logsDir, `${service}.log`)
  const { root } = options
  // All three are settled before going on, so a failure never leaves a start in flight while stopping.
  const [postgres, redis, s3] = await Promise.allSettled([
    startPostgres(supervisor, { dir: join(root, 'postgres'), logFile: log('postgres'), password: randomBytes(12).toString('hex') }),
    startRedis(supervisor, { dir: root, logFile: log('redis') }),
    startS3(supervisor, { dir: join(root, 's3'), logFile: log('s3rver') }),
  ])
  if (postgres.status === 'rejected') throw postgres.reason
  if (redis.status === 'rejected') throw redis.reason
  if (s3.status === 'rejected') throw s3.reason
  return { postgres: postgres.value, redis: redis.value, s3: s3.value }
}

/** What the API needs to reach the stores, with a fresh JWT secret per environment. */
export function storesApiConfig(stores: StartedStores): ApiConfig {
  return {
    DATABASE_URL: stores.postgres.databaseUrl,
    REDIS_URL: stores.redis.redisUrl,
    S3_ENDPOINT: stores.s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: 'media',
    S3_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    JWT_SECRET: randomBytes(32).toString('hex'),
  }
}
