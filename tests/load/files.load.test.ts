/** Files: creators upload while browsers list, get and download them; downloads must be byte-exact. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { register, upload } from '../support/media-client.ts'

const pick = (list: string[]): string | undefined => list[Math.floor(Math.random() * list.length)]

describe('files', () => {
  test('upload, list, get, download and delete stay within budget', async ({ run, fixtures }) => {
    const original = new Map<string, Uint8Array>()
    const result = await run({
      budgets,
      users: {
        name: 'library user',
        onStart: async (vu) => {
          await register(vu, 'files')
          const id = await upload(vu, fixtures.video)
          if (id) original.set(id, fixtures.video.data)
          return { fileIds: id ? [id] : [] }
        },
      },
      wait: between(1, 3),
      tasks: [
        { name: 'list', weight: 3, run: (vu) => vu.get('/api/v1/files?limit=20') },
        {
          name: 'list next page',
          weight: 1,
          run: async (vu) => {
            const first = await vu.get('/api/v1/files?limit=1')
            const cursor = first.ok ? first.json<{ nextCursor: string | null }>().nextCursor : null
            if (cursor) await vu.get(`/api/v1/files?limit=1&cursor=${encodeURIComponent(cursor)}`)
          },
        },
        { name: 'get', weight: 2, run: (vu) => vu.get(`/api/v1/files/${pick(vu.session.fileIds)}`) },
        {
          name: 'download',
          weight: 2,
          run: async (vu) => {
            const id = pick(vu.session.fileIds)
            if (!id) return
            const expected = original.get(id) ?? new Uint8Array()
            await vu.get(`/api/v1/files/${id}/content`, { check: { 'bytes match the upload': (r) => Buffer.from(r.body).equals(expected) } })
          },
        },
        {
          name: 'upload',
          weight: 1,
          run: async (vu) => {
            const id = await upload(vu, fixtures.shortVideo)
            if (id) {
              vu.session.fileIds.push(id)
              original.set(id, fixtures.shortVideo.data)
            }
          },
        },
        {
          name: 'delete',
          weight: 1,
          run: async (vu) => {
            if (vu.session.fileIds.length < 2) return
            await vu.delete(`/api/v1/files/${vu.session.fileIds.pop()}`)
          },
        },
      ],
    })
    expect(result.endpoints.find((e) => e.name === 'GET /api/v1/files/:id/content')?.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
