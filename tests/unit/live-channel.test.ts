/** The live channel carries each message from a test worker to the main process's subscribers, and never holds up a run. */
import { afterEach, describe, expect, it } from 'vitest'
import { type FinishedMessage, type LiveChannel, type LiveMessage, startLiveChannel } from '../../src/vitest/live-channel.ts'
import { createLivePoster } from '../../src/vitest/live-client.ts'

let channel: LiveChannel | undefined
afterEach(async () => {
  await channel?.close()
  channel = undefined
})

const finished = (category: string): FinishedMessage => ({ type: 'finished', category, verdict: null })

describe('live channel', () => {
  it('hands every posted message to every subscriber, in order', async () => {
    channel = await startLiveChannel()
    const seen: LiveMessage[][] = [[], []]
    for (const list of seen) channel.subscribe((message) => list.push(message))
    const poster = createLivePoster(channel)
    for (const category of ['a', 'b', 'c']) poster.post(finished(category))
    await poster.flush(2000)
    expect(seen).toEqual([[finished('a'), finished('b'), finished('c')], [finished('a'), finished('b'), finished('c')]])
  })

  it('refuses a wrong token and a malformed message', async () => {
    channel = await startLiveChannel()
    const post = (token: string, body: string): Promise<number> =>
      fetch(`${channel?.url}/live`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body }).then((r) => r.status)
    expect(await post('guess', JSON.stringify(finished('a')))).toBe(401)
    expect(await post(channel.token, '{"type":"other"}')).toBe(400)
    expect(await post(channel.token, 'not json')).toBe(400)
  })

  it('keeps the newest messages when the queue is full, one request in flight at most', async () => {
    channel = await startLiveChannel()
    const seen: string[] = []
    channel.subscribe((message) => seen.push(message.category))
    const poster = createLivePoster(channel, { maxQueued: 2 })
    for (const category of ['1', '2', '3', '4', '5']) poster.post(finished(category))
    await poster.flush(2000)
    // The first went out at once; of the four queued behind it, the two newest remain.
    expect(seen).toEqual(['1', '4', '5'])
  })

  it('costs nothing when the channel is down', async () => {
    channel = await startLiveChannel()
    const down = { url: channel.url, token: channel.token }
    await channel.close()
    channel = undefined
    const poster = createLivePoster(down)
    const t0 = performance.now()
    for (let i = 0; i < 100; i++) poster.post(finished(String(i)))
    expect(performance.now() - t0).toBeLessThan(50)
    await poster.flush(1000)
  })
})
