#!/usr/bin/env node
/**
 * `loadgate`, the command a project gets with the package: `loadgate run
 * [options]` runs its load suite (see load-command.ts). The Node.js version is
 * checked before the command's modules load, so a too-old Node gets one line.
 */
import { nodeVersionProblem } from './node-check.js'

const USAGE = 'Usage: loadgate run [options]   (loadgate run --help for the options)'

async function main(argv: string[]): Promise<number> {
  const problem = nodeVersionProblem()
  if (problem) {
    console.error(problem)
    return 1
  }
  const [command, ...rest] = argv
  if (command === 'run') {
    const { loadCommand } = await import('./load-command.ts')
    return loadCommand(rest)
  }
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(USAGE)
    return command === undefined ? 2 : 0
  }
  console.error(`loadgate: unknown command "${command}"\n${USAGE}`)
  return 2
}

process.exitCode = await main(process.argv.slice(2))
