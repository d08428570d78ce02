/**
 * The one temp dir of a local environment. mkdtemp makes it 0700; it is opened
 * to 0755 because Postgres runs as another user (as root: `postgres`) and needs
 * to traverse every parent of its data dir. For the same reason it is made in
 * /var/tmp when the system temp dir is one others cannot pass (a TMPDIR inside
 * a private folder).
 */
import { chmod, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { othersCanReach } from './reachable.ts'

export async function createTempRoot(): Promise<string> {
  const parent = (await othersCanReach(tmpdir())) ? tmpdir() : '/var/tmp'
  const root = await mkdtemp(join(parent, 'loadgate-env-'))
  await chmod(root, 0o755)
  return root
}
