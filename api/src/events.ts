/**
 * Task events over Redis pub/sub, one channel per user, so an API process
 * subscribes only to the users it has sockets for and a socket can only ever
 * see its own user's events.
 */
import type { Redis } from 'ioredis'

export type TaskEvent =
  | { type: 'task.progress'; taskId: string; progress: number }
  | { type: 'task.completed'; taskId: string; resultFileId: string; completedAt: number }
  | { type: 'task.failed'; taskId: string; error: string; completedAt: number }

const userChannel = (userId: string): string => `events:user:${userId}`
export const cancelChannel = 'tasks:cancel'

export async function publishTaskEvent(redis: Redis, userId: string, event: TaskEvent): Promise<void> {
  await redis.publish(userChannel(userId), JSON.stringify(event))
}

type Listener = (message: string) => void

/** Fans one subscriber connection out to the sockets of each user. */
export class EventHub {
  readonly #subscriber: Redis
  readonly #listeners = new Map<string, Set<Listener>>()

  constructor(subscriber: Redis) {
    this.#subscriber = subscriber
    subscriber.on('message', (channel: string, message: string) => {
      const userId = channel.slice('events:user:'.length)
      for (const listener of this.#listeners.get(userId) ?? []) listener(message)
    })
  }

  /** Returns the unsubscribe function. */
  async subscribe(userId: string, listener: Listener): Promise<() => void> {
    let listeners = this.#listeners.get(userId)
    if (listeners === undefined) {
      listeners = new Set()
      this.#listeners.set(userId, listeners)
      await this.#subscriber.subscribe(userChannel(userId))
    }
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
      if (listeners.size > 0 || this.#listeners.get(userId) !== listeners) return
      this.#listeners.delete(userId)
      this.#subscriber.unsubscribe(userChannel(userId)).catch(() => {})
    }
  }
}
