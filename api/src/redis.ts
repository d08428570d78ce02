/**
 * Redis connections. BullMQ needs `maxRetriesPerRequest: null` on the ones it
 * blocks on (the worker's); a request must instead fail fast, so its
 * connections queue nothing while disconnected and time each command out.
 */
import { Redis, type RedisOptions } from 'ioredis'

export function createRedis(redisUrl: string, name: string, options: RedisOptions = { maxRetriesPerRequest: null }): Redis {
  const redis = new Redis(redisUrl, { connectionName: name, lazyConnect: false, ...options })
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  redis.on('error', (error) => console.error(`redis (${name}): ${error.message}`))
  return redis
}

/**
 * For the request path (and BullMQ's Queue, which never blocks): refused at once
 * while disconnected, "Command timed out" past `timeoutMs` while Redis hangs.
 * A timed-out command stays in ioredis's queue, so replies still match their
 * commands once Redis answers again and the connection heals by itself.
 */
export function createRequestRedis(redisUrl: string, name: string, timeoutMs: number): Redis {
  return createRedis(redisUrl, name, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  })
}
