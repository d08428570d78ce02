/** Stats: each user's stats must agree with what that user uploaded, under load. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between, type HttpResponse } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { register, upload } from '../support/media-client.ts'

interface Stats {
  files: number
  bytes: number
}

describe('stats', () => {
  test('per-user stats are fast and agree with what the user did', async ({ run, fixtures }) => {
    const result = await run({
      budgets,
      users: {
        name: 'uploader',
        onStart: async (vu) => {
          await register(vu, 'stats')
          const uploaded = { files: 0, bytes: 0 }
          if (await upload(vu, fixtures.shortVideo)) {
            uploaded.files += 1
            uploaded.bytes += fixtures.shortVideo.data.byteLength
          }
          return { uploaded }
        },
      },
      wait: between(1, 3),
      tasks: [
        {
          name: 'stats',
          weight: 4,
          run: async (vu) => {
            const expected = vu.session.uploaded
            const agrees = (r: HttpResponse): boolean => {
              const stats = r.json<Stats>()
              return Number(stats.files) === expected.files && Number(stats.bytes) === expected.bytes
            }
            await vu.get('/api/v1/users/me/stats', { check: { 'agrees with the uploads': agrees } })
          },
        },
        {
          name: 'upload',
          weight: 1,
          run: async (vu) => {
            if (await upload(vu, fixtures.audio)) {
              vu.session.uploaded.files += 1
              vu.session.uploaded.bytes += fixtures.audio.data.byteLength
            }
          },
        },
      ],
    })
    expect(result.endpoints.find((e) => e.name === 'GET /api/v1/users/me/stats')?.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
