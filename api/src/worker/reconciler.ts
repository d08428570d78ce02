/**
 * Reconciles Postgres's open tasks with the queue, at start and every
 * WORKER_RECONCILE_INTERVAL_MS: Redis may lose jobs (a restart without
 * persistence), and a job may end while the database could not record it.
 *
 * - job waiting, delayed or active: nothing to do (an active job whose worker
 *   died is BullMQ's stalled check's, which runs in every worker);
 * - job failed: the task is marked failed with the job's reason;
 * - job gone, or completed while its task is open: the task is enqueued again
 *   if it has attempts left, else marked failed with a reason.
 */
import type { Redis } from 'ioredis'
import { listOpenTasks, type OpenTask, requeueTask } from '../data/tasks.ts'
import { enqueueTask, type TaskQueue } from '../queue.ts'
import { markFailed, type TaskStateDeps } from './task-state.ts'

/** Bounds one round's work; the rest waits for the next round. */
const batchSize = 500
const settledStates = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'])

export interface ReconcilerDeps extends TaskStateDeps {
  queue: TaskQueue
  /** A task is started at most this many times (a first run plus one takeover, as BullMQ's maxStalledCount: 1). */
  maxAttempts: number
  intervalMs: number
  graceMs: number
}

/** Runs a round now and then one every interval; returns the function that stops it. */
export function startReconciler(deps: ReconcilerDeps): () => void {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const round = async () => {
    try {
      if (await takeRound(deps.redis, deps.queue.name, deps.intervalMs)) await reconcileOnce(deps)
    } catch (error) {
      console.error(`reconciling tasks: ${(error as Error).message}`)
    }
    if (!stopped) timer = setTimeout(round, deps.intervalMs)
  }
  void round()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

/** One worker per round reconciles, so two workers cannot enqueue the same task twice. */
async function takeRound(redis: Redis, queueName: string, intervalMs: number): Promise<boolean> {
  const taken = await redis.set(`${queueName}:reconciler`, String(process.pid), 'PX', Math.max(Math.floor(intervalMs / 2), 50), 'NX')
  return taken === 'OK'
}

export async function reconcileOnce(deps: ReconcilerDeps): Promise<void> {
  for (const task of await listOpenTasks(deps.pool, deps.graceMs, batchSize)) {
    const state = await deps.queue.getJobState(task.id)
    if (settledStates.has(state)) continue
    if (state === 'failed') {
      const job = await deps.queue.getJob(task.id)
      await markFailed(deps, task.id, job?.failedReason || 'the job failed')
    } else {
      await recover(deps, task, state === 'completed')
    }
  }
}

async function recover(deps: ReconcilerDeps, task: OpenTask, jobCompleted: boolean): Promise<void> {
  if (!(await requeueTask(deps.pool, task.id, deps.maxAttempts))) {
    await markFailed(deps, task.id, `the queue lost its job after ${task.attempts} attempts`)
    return
  }
  // A finished job keeps its id, and a job id is taken once: the old one goes first.
  if (jobCompleted) await deps.queue.remove(task.id)
  await enqueueTask(deps.queue, task.id)
  console.log(`task ${task.id} was ${task.status} with its job ${jobCompleted ? 'completed' : 'gone'}: enqueued again`)
}
