/** Redis connections: BullMQ needs `maxRetriesPerRequest: null` on the ones it blocks on. */
import { Redis } from 'ioredis'

export function createRedis(redisUrl: string, name: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false })
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  redis.on('error', (error) => console.error(`redis (${name}): ${error.message}`))
  return redis
}
