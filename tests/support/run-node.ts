/** Runs a Node script of this repository as a child, to its end, with its stdout and stderr as one text. */
import { spawn } from 'node:child_process'

export interface NodeRun {
  code: number | null
  output: string
}

export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<NodeRun> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })))
}
