/**
 * Who descends from whom, read from /proc (Linux only): the local environment's
 * services fork children (Postgres backends, the worker's ffmpeg), and both the
 * resource sampler and the tests' fault helpers need the whole tree.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** Parent PID -> its children's PIDs, as /proc lists them now. */
export type ProcessTree = Map<number, number[]>

export function readProcessTree(): ProcessTree {
  const children: ProcessTree = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // gone since the listing
    }
    // The command name may hold spaces and parentheses; the fields after its last `)` do not.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
  }
  return children
}

/** Live descendants of `rootPid` (not itself), breadth first. */
export function descendantsOf(rootPid: number, tree: ProcessTree = readProcessTree()): number[] {
  const found: number[] = []
  for (let queue = [rootPid]; queue.length > 0; ) {
    const next = tree.get(queue.shift() ?? 0) ?? []
    found.push(...next)
    queue = [...queue, ...next]
  }
  return found
}
