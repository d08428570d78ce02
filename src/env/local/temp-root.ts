/**
 * The one temp dir of a local environment. mkdtemp makes it 0700; it is opened
 * to 0755 because Postgres runs as another user (as root: `postgres`) and needs
 * to traverse every parent of its data dir.
 */
import { chmod, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function createTempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-env-'))
  await chmod(root, 0o755)
  return root
}
