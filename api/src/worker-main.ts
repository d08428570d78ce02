/**
 * The worker: runs queued tasks with ffmpeg. A job whose worker died (its lock
 * expired) is requeued once by BullMQ's stalled check and failed after that;
 * the failure listener marks such a task failed so none stays `running`. The
 * reconciler catches what both miss (jobs lost by Redis, failures the database
 * could not record), and the heartbeat tells the API's health summary that a
 * worker runs.
 */
import { hostname } from 'node:os'
import { QueueEvents, Worker } from 'bullmq'
import { createPool } from './db.ts'
import { cancelChannel } from './events.ts'
import { closeAll, loadConfigOrExit, onShutdown, retryUntil } from './lifecycle.ts'
import { applyMigrations } from './migrations.ts'
import { createTaskQueue, type TaskJobData } from './queue.ts'
import { createRedis } from './redis.ts'
import { createStorage } from './storage.ts'
import { startHeartbeat } from './worker-heartbeat.ts'
import { startMetricsServer } from './worker/metrics-server.ts'
import { createProcessor } from './worker/processor.ts'
import { startReconciler } from './worker/reconciler.ts'
import { loadWorkerSettings } from './worker/settings.ts'
import { markFailed } from './worker/task-state.ts'

const config = loadConfigOrExit()
const settings = loadWorkerSettings()
const pool = createPool(config.databaseUrl, config.workerConcurrency + 2)
const storage = createStorage(config.s3)
const redis = createRedis(config.redisUrl, 'worker')
const cancelSubscriber = createRedis(config.redisUrl, 'worker-cancel')
const running = new Map<string, AbortController>()
const stateDeps = { pool, redis, stateRetryMs: settings.stateRetryMs }

try {
  await retryUntil('applying migrations', () => applyMigrations(pool))
  await retryUntil('creating the bucket', () => storage.ensureBucket())
} catch (error) {
  console.error(`start-up failed: ${(error as Error).message}`)
  process.exit(1)
}

cancelSubscriber.on('message', (_channel: string, taskId: string) => running.get(taskId)?.abort())
await cancelSubscriber.subscribe(cancelChannel)

const worker = new Worker<TaskJobData>(config.queueName, createProcessor({ config, storage, running, ...stateDeps }), {
  connection: createRedis(config.redisUrl, 'worker-queue'),
  concurrency: config.workerConcurrency,
  lockDuration: settings.lockMs,
  stalledInterval: settings.stalledIntervalMs,
  maxStalledCount: 1,
})
worker.on('error', (error) => console.error(`worker: ${error.message}`))

// Jobs failed by the stalled check never ran our processor's failure path.
const queueEvents = new QueueEvents(config.queueName, { connection: createRedis(config.redisUrl, 'worker-events') })
queueEvents.on('failed', ({ jobId, failedReason }) => {
  markFailed(stateDeps, jobId, failedReason).catch((error: Error) => console.error(`marking ${jobId} failed: ${error.message}`))
})

const queueConnection = createRedis(config.redisUrl, 'worker-reconciler')
const queue = createTaskQueue(config.queueName, queueConnection)
const stopReconciler = startReconciler({
  ...stateDeps,
  queue,
  maxAttempts: 2,
  intervalMs: settings.reconcileIntervalMs,
  graceMs: settings.reconcileGraceMs,
})
const stopHeartbeat = startHeartbeat(redis, config.queueName, `${hostname()}:${process.pid}`)
const stopMetrics = settings.metricsPort > 0 ? await startMetricsServer(config.host, settings.metricsPort) : async () => {}

onShutdown(
  async () => {
    stopReconciler()
    stopHeartbeat()
    // Lets running jobs finish; a job still running at a forced stop is requeued by the stalled check.
    await worker.close()
    await closeAll([stopMetrics, () => queueEvents.close(), () => queue.close(), () => queueConnection.quit(), () => redis.quit(), () => cancelSubscriber.quit(), () => pool.end(), () => storage.close()])
  },
  async () => {
    // The force-closed worker no longer renews its locks, so these jobs are requeued as stalled.
    await worker.close(true)
    for (const controller of running.values()) controller.abort()
  },
)

console.log(`worker ready: queue ${config.queueName}, concurrency ${config.workerConcurrency}`)
