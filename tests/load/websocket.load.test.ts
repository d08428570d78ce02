/** WebSocket: long-lived connections, ping round trips, task-event delivery and reconnection. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between, type VirtualUser, type WebSocketSession } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { register, submitAudioOverlay, upload } from '../support/media-client.ts'

const EVENT_TIMEOUT_MS = 60_000

async function connect(vu: VirtualUser): Promise<WebSocketSession | undefined> {
  const token = vu.headers.authorization?.replace(/^Bearer /, '') ?? ''
  const socket = await vu.websocket(`/api/v1/ws?token=${encodeURIComponent(token)}`)
  vu.session.socket = socket
  return socket
}

/** The user's socket, reconnected when it dropped. */
async function socketOf(vu: VirtualUser): Promise<WebSocketSession | undefined> {
  const socket = vu.session.socket as WebSocketSession | undefined
  return socket?.isOpen ? socket : connect(vu)
}

describe('websocket', () => {
  test('connections, pings and task events stay within the websocket budget', async ({ run, fixtures }) => {
    const result = await run({
      budgets,
      userTypes: [
        {
          name: 'listener',
          wait: between(1, 2),
          onStart: async (vu) => {
            await register(vu, 'ws')
            vu.session.video = await upload(vu, fixtures.shortVideo)
            vu.session.audio = await upload(vu, fixtures.audio)
            await connect(vu)
          },
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
                const video = vu.session.video as string | undefined
                const audio = vu.session.audio as string | undefined
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
                ;(vu.session.socket as WebSocketSession | undefined)?.close()
                await connect(vu)
              },
            },
          ],
        },
      ],
    })
    expect(result.endpoints.find((e) => e.name === 'WS ping')?.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
