/**
 * `--workers N` (LOAD_WORKERS): how many generator processes run each
 * category's load on this machine, `auto` for one per core. The load-test
 * fixture forks the extra ones (generator-workers.ts) as Vitest runs of the
 * same test, which find their role in LOAD_GENERATOR (`i/N`), their share
 * in LOAD_GENERATOR_SHARD, the folder they meet the first worker in,
 * LOAD_GENERATOR_DIR, its process in LOAD_GENERATOR_FIRST_PID and its
 * controls in LOAD_GENERATOR_CONTROLS.
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { parseShard, type Shard } from '../engine/models/shard.ts'
import type { ControlEndpoint } from './control-server.ts'

/** How the first worker starts the others: the same Vitest, config and project. */
export interface WorkersConfig {
  count: number
  vitestCli: string
  /** The config file of this run; null when Vitest found the default one. */
  configFile: string | null
  project: string
  root: string
}

/** Set in a forked generator: which worker it is and where it meets the first. */
export interface GeneratorRole {
  worker: Shard
  /** The share of the load it runs: its place among every worker of every shard (see workerShard). */
  shard: Shard
  dir: string
  /** The first worker's process: once it is gone, no one will merge this share. */
  firstPid: number
  /** The first worker's controls (LOAD_GENERATOR_CONTROLS), so a test that asks for `faults` reaches its run() here too. */
  controls: ControlEndpoint | null
}

/** A whole number of workers, `auto` for one per core, or the problem named. */
export function parseWorkers(text: string | undefined, cores = availableParallelism()): number | string {
  if (text === undefined || text === '') return 1
  if (text === 'auto') return cores
  const count = Number(text)
  if (!Number.isInteger(count) || count < 1) return `workers "${text}" is neither a whole number >= 1 nor auto`
  return count
}

/** What the first worker needs to fork the others, from LOAD_WORKERS and the running Vitest; throws naming a wrong count. */
export function workersConfigFrom(env: NodeJS.ProcessEnv, vitest: { root: string; configFile: string | undefined; project: string }): WorkersConfig {
  const count = parseWorkers(env.LOAD_WORKERS)
  if (typeof count === 'string') throw new RangeError(`LOAD_WORKERS: ${count}`)
  const vitestCli = join(dirname(createRequire(join(vitest.root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs')
  return { count, vitestCli, configFile: vitest.configFile ?? null, project: vitest.project, root: vitest.root }
}

/** The role of a forked generator from its environment; null in every other run. */
export function generatorRoleFromEnv(env: NodeJS.ProcessEnv): GeneratorRole | null {
  if (!env.LOAD_GENERATOR) return null
  const worker = parseShard(env.LOAD_GENERATOR)
  const shard = parseShard(env.LOAD_GENERATOR_SHARD ?? '')
  const firstPid = Number(env.LOAD_GENERATOR_FIRST_PID)
  if (typeof worker === 'string' || typeof shard === 'string' || !env.LOAD_GENERATOR_DIR || !Number.isInteger(firstPid)) {
    throw new RangeError(`LOAD_GENERATOR=${env.LOAD_GENERATOR} needs the form i/N, with LOAD_GENERATOR_SHARD (i/N), LOAD_GENERATOR_DIR and LOAD_GENERATOR_FIRST_PID`)
  }
  const controls = env.LOAD_GENERATOR_CONTROLS ? (JSON.parse(env.LOAD_GENERATOR_CONTROLS) as ControlEndpoint) : null
  return { worker, shard, dir: env.LOAD_GENERATOR_DIR, firstPid, controls }
}
