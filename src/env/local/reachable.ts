/**
 * Whether a user other than the owner (Postgres, run as `postgres` when we are
 * root) can reach a path: every directory from it up to / must let others
 * traverse it. A clone under /root (mode 0700) fails this.
 */
import { stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

export async function othersCanReach(path: string): Promise<boolean> {
  let dir = resolve(path)
  for (;;) {
    const { mode } = await stat(dir)
    if ((mode & 0o001) === 0) return false
    const parent = dirname(dir)
    if (parent === dir) return true
    dir = parent
  }
}
