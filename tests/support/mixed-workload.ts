/**
 * The inherited realistic mix: monitoring 40% (every 2-5 s), dashboard 30%
 * (3-8 s), browsing 20% (1-3 s) and creators 10% (2-5 s), each registering
 * and uploading first. What a creator does with a job is the caller's: the
 * mixed category waits for it, the resilience category only submits it.
 */
import { between, type VirtualUser } from '../../src/engine/index.ts'
import type { Fixtures } from '../../src/vitest/fixtures.ts'
import type { ScenarioUserType } from '../../src/vitest/scenario.ts'
import { register, upload } from './media-client.ts'

export type TaskKind = 'join' | 'audio-overlay'

/** Each user's uploads: undefined where the upload failed (the engine recorded why). */
export type MixedSession = { video: string | undefined; audio: string | undefined }

async function settleIn(vu: VirtualUser, fixtures: Fixtures, prefix: string): Promise<MixedSession> {
  await register(vu, prefix)
  return { video: await upload(vu, fixtures.shortVideo), audio: await upload(vu, fixtures.audio) }
}

export function mixedUserTypes(
  fixtures: Fixtures,
  create: (vu: VirtualUser<MixedSession>, kind: TaskKind) => Promise<void>,
  prefix = 'mixed',
): ScenarioUserType<MixedSession>[] {
  const onStart = (vu: VirtualUser): Promise<MixedSession> => settleIn(vu, fixtures, prefix)
  return [
    {
      name: 'monitoring',
      weight: 40,
      wait: between(2, 5),
      onStart,
      tasks: [
        { weight: 3, run: (vu) => vu.get('/health/live') },
        { weight: 2, run: (vu) => vu.get('/health/ready') },
        { weight: 1, run: (vu) => vu.get('/api/v1/health') },
      ],
    },
    {
      name: 'dashboard',
      weight: 30,
      wait: between(3, 8),
      onStart,
      tasks: [
        { weight: 3, run: (vu) => vu.get('/api/v1/tasks') },
        { weight: 2, run: (vu) => vu.get('/api/v1/files') },
      ],
    },
    {
      name: 'browsing',
      weight: 20,
      wait: between(1, 3),
      onStart,
      tasks: [
        { weight: 3, run: (vu) => vu.get('/api/v1/tasks') },
        { weight: 2, run: (vu) => vu.get('/api/v1/files') },
        { weight: 1, run: (vu) => vu.get('/api/v1/users/me/stats') },
        { weight: 1, run: (vu) => vu.get(`/api/v1/files/${vu.session.video}`) },
      ],
    },
    {
      name: 'creator',
      weight: 10,
      wait: between(2, 5),
      onStart,
      tasks: [
        { weight: 2, run: (vu) => upload(vu, fixtures.shortVideo) },
        { weight: 1, run: (vu) => create(vu, 'join') },
        { weight: 1, run: (vu) => create(vu, 'audio-overlay') },
      ],
    },
  ]
}
