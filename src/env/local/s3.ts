/** The S3-compatible store (s3rver, see s3rver-main.ts) as a child process. */
import { mkdir } from 'node:fs/promises'
import { findFreePort } from '../free-port.ts'
import type { Supervisor } from '../process/supervisor.ts'
import { httpAnswers, waitUntilReady } from './readiness.ts'
import { launchService, type ServiceRecipe, type StartedService } from './service-recipe.ts'

const readyTimeoutMs = 15_000

/** s3rver accepts these fixed credentials and no others. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export interface StartedS3 extends StartedService {
  port: number
  endpoint: string
}

export async function startS3(
  supervisor: Supervisor,
  options: { dir: string; logFile: string },
): Promise<StartedS3> {
  await mkdir(options.dir, { recursive: true })
  const port = await findFreePort()
  const endpoint = `http://127.0.0.1:${port}`
  // The objects live in `dir`, so a start after a fault serves what was stored before.
  const recipe: ServiceRecipe = {
    spec: {
      name: 's3rver',
      command: process.execPath,
      args: [new URL('./s3rver-main.ts', import.meta.url).pathname, String(port), options.dir],
      cwd: options.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      logFile: options.logFile,
    },
    // Any HTTP answer means it listens (an anonymous GET / is refused with a 403 or lists buckets).
    ready: (s3) => waitUntilReady(s3, httpAnswers(`${endpoint}/`, (status) => status > 0), readyTimeoutMs),
  }
  const started = await launchService(supervisor, recipe)
  return { ...started, port, endpoint }
}
