/** WebSocket: long-lived connections, ping round trips, task-event delivery and reconnection. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between, type VirtualUser, type WebSocketSession } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { register, submitAudioOverlay, upload } from '../support/media-client.ts'

const EVENT_TIMEOUT_MS = 60_000

/** Each listener's uploads (undefined where one failed) and its socket (undefined while it could not connect). */
type ListenerSession = { video: string | undefined; audio: string | undefined; socket: WebSocketSession | undefined }

function openSocket(vu: VirtualUser): Promise<WebSocketSession | undefined> {
  const token = vu.headers.authorization?.replace(/^Bearer /, '') ?? ''
  return vu.websocket(`/api/v1/ws?token=${encodeURIComponent(token)}`)
}

async function reconnect(vu: VirtualUser<ListenerSession>): Promise<WebSocketSession | undefined> {
  vu.session.socket = await openSocket(vu)
  return vu.session.socket
}

/** The user's socket, reconnected when it dropped. */
async function socketOf(vu: VirtualUser<ListenerSession>): Promise<WebSocketSession | undefined> {
  const { socket } = vu.session
  return socket?.isOpen ? socket : reconnect(vu)
}

describe('websocket', () => {
  test('connections, pings and task events stay within the websocket budget', async ({ run, fixtures }) => {
    const result = await run({
      budgets,
      users: {
        name: 'listener',
        onStart: async (vu): Promise<ListenerSession> => {
          await register(vu, 'ws')
          const video = await upload(vu, fixtures.shortVideo)
          const audio = await upload(vu, fixtures.audio)
          return { video, audio, socket: await openSocket(vu) }
        },
      },
      wait: between(1, 2),
      tasks: [
        {
          name: 'ping',
          weight: 6,
          run: async (vu) => {
            const socket = await socketOf(vu)
            const id = `${vu.id}-${performance.now()}`
            await socket?.roundTrip('WS ping', { type: 'ping', id }, (m) => m.type === 'pong' && m.id === id)
          },
        },
        {
          name: 'task event',
          weight: 1,
          run: async (vu) => {
            const socket = await socketOf(vu)
            const { video, audio } = vu.session
            if (!socket || !video || !audio) return
            const taskId = await submitAudioOverlay(vu, video, audio)
            if (!taskId) return
            const event = await socket.waitFor((m) => (m.type === 'task.completed' || m.type === 'task.failed') && m.taskId === taskId, EVENT_TIMEOUT_MS)
            if (vu.signal.aborted) return
            if (!event) return vu.record('WS event delivery', EVENT_TIMEOUT_MS, 'no completion event')
            vu.record('WS event delivery', Math.max(0, Date.now() - Number(event.completedAt)), event.type === 'task.failed' ? 'task failed' : undefined)
          },
        },
        {
          name: 'reconnect',
          weight: 1,
          run: async (vu) => {
            vu.session.socket?.close()
            await reconnect(vu)
          },
        },
      ],
    })
    expect(result.endpoints.find((e) => e.name === 'WS ping')?.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
