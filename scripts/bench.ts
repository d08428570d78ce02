/**
 * `npm run bench`: the engine against autocannon, the Node.js peer, on the
 * same minimal loopback server (a child process, so neither generator shares
 * its CPU), in the same run:
 *   1. maximum request rate at the same connection count, no pipelining: short phases of each tool in
 *      alternating pairs, judged by the median of the pairs' ratios (BENCH_PAIRS, BENCH_PAIR_SECONDS);
 *   2. generator CPU per request at a fixed 1,000 req/s (engine open model vs autocannon -R 1000),
 *      with how evenly each spreads it (arrivals per 10 ms window, counted by the server), and
 *      the floor for evenly paced load: raw sockets on the engine's 10 ms grid;
 *   3. memory of 1,000 idle virtual users;
 *   4. the engine at max rate once more with undici in place of its own client (httpClient: 'undici'), for comparison;
 *   5. the engine at max rate in one generator process vs two (`--workers 2`), merged exactly (ABBA);
 *   6. 1,000, 3,000 and 10,000 closed-model users thinking `between(1, 3)`: the rate they got against
 *      what they asked, the generator's CPU and saturation, and memory per user (BENCH_USERS to change the sizes).
 * The last line is `engine/autocannon rps ratio: X.XX`. BENCH_SECONDS sets the length of the other phases.
 */
import { fork } from 'node:child_process'
import { availableParallelism } from 'node:os'
import autocannon from 'autocannon'
import { constant, type HttpClientKind, runLoad } from '../src/engine/index.ts'
import { manyUsers } from './bench/many-users.ts'
import { pacedSockets } from './bench/paced-sockets.ts'
import { workersMaxRate } from './bench/workers-max-rate.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 8)
const PAIR_SECONDS = Number(process.env.BENCH_PAIR_SECONDS ?? 4)
const CONNECTIONS = 50
const FIXED_RATE = 1000

interface Measured {
  requests: number
  cpuMs: number
  seconds: number
}

interface Spread {
  peakPerWindow: number
  idleShare: number
}

interface BenchServer {
  url: string
  /** Arrivals per 10 ms window since the last call: the peak, and the share of windows with none. */
  spread: () => Promise<Spread>
  stop: () => void
}

async function startServer(): Promise<BenchServer> {
  const child = fork(new URL('./bench/server.ts', import.meta.url), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) => resolve(/listening (\d+)/.exec(data.toString())?.[1] ?? ''))
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
  const spread = async (): Promise<Spread> => {
    const answer = new Promise<Spread>((resolve) => child.once('message', (message) => resolve(message as Spread)))
    child.send('report')
    const measured = await answer
    child.send('reset')
    return measured
  }
  return { url: `http://127.0.0.1:${port}`, spread, stop: () => child.kill() }
}

async function measure(run: () => Promise<number>): Promise<Measured> {
  const cpu = process.cpuUsage()
  const began = performance.now()
  const requests = await run()
  const used = process.cpuUsage(cpu)
  return { requests, cpuMs: (used.user + used.system) / 1000, seconds: (performance.now() - began) / 1000 }
}

function autocannonRun(url: string, seconds: number, overallRate?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, pipelining: 1, duration: seconds, ...(overallRate ? { overallRate } : {}) }, (error, result) =>
      error ? reject(error) : resolve(result.requests.total),
    )
  })
}

async function engineClosed(url: string, seconds: number, httpClient: HttpClientKind = 'own'): Promise<number> {
  const result = await runLoad({
    name: 'bench',
    baseUrl: url,
    httpClient,
    load: { model: 'closed', stages: [{ users: CONNECTIONS, spawnRatePerSec: 10_000, durationMs: seconds * 1000 }] },
    userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/') }] }],
  })
  return result.total.requests
}

async function engineOpen(url: string): Promise<number> {
  const result = await runLoad({
    name: 'bench-rate',
    baseUrl: url,
    load: { model: 'open', stages: [{ ratePerSec: FIXED_RATE, durationMs: SECONDS * 1000 }], maxInFlight: CONNECTIONS },
    userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/') }] }],
  })
  return result.total.requests
}

async function idleUsersMb(url: string, users: number): Promise<number> {
  globalThis.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  await runLoad({
    name: 'bench-idle',
    baseUrl: url,
    load: { model: 'closed', stages: [{ users, spawnRatePerSec: users, durationMs: 5000 }] },
    userTypes: [{ name: 'idle', wait: constant(3600), tasks: [{ run: (vu) => vu.get('/') }] }],
    onInterval: () => {
      peak = Math.max(peak, process.memoryUsage().rss)
    },
  })
  return (peak - before) / 1024 / 1024
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const upper = Math.floor(sorted.length / 2)
  const lower = sorted.length % 2 === 0 ? upper - 1 : upper
  return ((sorted[lower] ?? 0) + (sorted[upper] ?? 0)) / 2
}

const rate = (m: Measured): number => m.requests / m.seconds

/** CPU per request over one or more phases. */
const perRequest = (...runs: Measured[]): number => runs.reduce((sum, m) => sum + m.cpuMs, 0) / runs.reduce((sum, m) => sum + m.requests, 0)

const line = (label: string, m: Measured): string =>
  `${label.padEnd(28)} ${(m.requests / m.seconds).toFixed(0).padStart(8)} req/s  ${(m.cpuMs / m.requests * 1000).toFixed(1).padStart(7)} µs CPU/req  ${(m.requests / (m.cpuMs / 1000)).toFixed(0).padStart(8)} req per CPU-second`

const spanText = (ratios: number[]): string => `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`

const spreadText = (spread: Spread): string =>
  `  peak ${spread.peakPerWindow} per 10 ms, ${(spread.idleShare * 100).toFixed(0)}% of 10 ms windows idle`

/** One generator process vs two, each measured twice in the order 1 2 2 1, so a drift in the machine weighs on both alike. */
async function workersLine(url: string): Promise<void> {
  const rates: Record<number, number[]> = { 1: [], 2: [] }
  for (const count of [1, 2, 2, 1]) {
    const { rps, warnings } = await workersMaxRate(url, count, CONNECTIONS, SECONDS)
    rates[count]?.push(rps)
    console.log(`engine --workers ${count} (max rate)`.padEnd(28), `${rps.toFixed(0).padStart(8)} req/s${warnings.length > 0 ? `  saturated: ${warnings.join('; ')}` : ''}`)
  }
  const mean = (values: number[] = []): number => values.reduce((a, b) => a + b, 0) / values.length
  console.log(`max rate, --workers 2/one process: ${(mean(rates[2]) / mean(rates[1])).toFixed(2)} (on ${availableParallelism()} cores, the server's among them)`)
}

const USER_COUNTS = (process.env.BENCH_USERS ?? '1000,3000,10000').split(',').map(Number)

/** Each size in a fresh process: the rate asked and got, the generator's CPU, memory per user. */
async function manyUsersLines(url: string): Promise<void> {
  for (const users of USER_COUNTS) {
    const m = await manyUsers(url, users, SECONDS)
    const verdict = m.saturated ? `saturated: ${m.warnings.join('; ')}` : 'not saturated'
    console.log(
      `${users.toLocaleString('en')} users, between(1, 3)`.padEnd(28),
      `${m.rps.toFixed(0).padStart(8)} req/s of ~${m.expectedRps.toFixed(0)} asked, generator CPU ${m.cpuPercentMean.toFixed(0)}% of a core, ${verdict}, +${m.rssAddedMb.toFixed(0)} MB RSS at peak (${((m.rssAddedMb * 1024) / users).toFixed(1)} KB per user), +${m.liveHeapAddedMb.toFixed(0)} MB live heap (${((m.liveHeapAddedMb * 1024) / users).toFixed(1)} KB per user)`,
    )
  }
}

const server = await startServer()
try {
  console.log(`bench: ${CONNECTIONS} connections, max-rate phases of ${PAIR_SECONDS} s in ${PAIRS} pairs, other phases ${SECONDS} s, server ${server.url} (separate process)\n`)
  // Max rate in short phases, the two tools back to back in pairs whose order
  // alternates: this machine's speed drifts by half within a minute (other
  // processes, a shared host), so only phases seconds apart compare, and the
  // median of the pairs' ratios discards a pair that a burst happened to split.
  const pairs: { cannon: Measured; engine: Measured }[] = []
  for (let pair = 0; pair < PAIRS; pair++) {
    const order = pair % 2 === 0 ? (['cannon', 'engine'] as const) : (['engine', 'cannon'] as const)
    const measured: Partial<Record<'cannon' | 'engine', Measured>> = {}
    for (const tool of order) {
      measured[tool] = await measure(() => (tool === 'cannon' ? autocannonRun(server.url, PAIR_SECONDS) : engineClosed(server.url, PAIR_SECONDS)))
      console.log(line(tool === 'cannon' ? 'autocannon (max rate)' : 'engine closed (max rate)', measured[tool]))
    }
    pairs.push(measured as { cannon: Measured; engine: Measured })
  }
  await server.spread()
  const cannonFixed = await measure(() => autocannonRun(server.url, SECONDS, FIXED_RATE))
  console.log(line(`autocannon -R ${FIXED_RATE}`, cannonFixed), spreadText(await server.spread()))
  const engineFixed = await measure(() => engineOpen(server.url))
  console.log(line(`engine open ${FIXED_RATE}/s`, engineFixed), spreadText(await server.spread()))
  const floor = await measure(() => pacedSockets(server.url, CONNECTIONS, FIXED_RATE, SECONDS))
  console.log(line(`raw sockets paced ${FIXED_RATE}/s`, floor), spreadText(await server.spread()))
  // engine/autocannon at a fixed rate = engine/floor (what the engine adds) x floor/autocannon (what even spacing costs).
  const cpuRatios = pairs.map((p) => perRequest(p.engine) / perRequest(p.cannon))
  console.log(`\nCPU per request at max rate, engine/autocannon: ${median(cpuRatios).toFixed(2)} (median of ${PAIRS} pairs; ${spanText(cpuRatios)})`)
  console.log(`CPU per request at ${FIXED_RATE} req/s, engine/autocannon: ${(perRequest(engineFixed) / perRequest(cannonFixed)).toFixed(2)} (target <= 1.00)`)
  console.log(`  = engine/raw sockets paced alike ${(perRequest(engineFixed) / perRequest(floor)).toFixed(2)} x raw sockets paced alike/autocannon ${(perRequest(floor) / perRequest(cannonFixed)).toFixed(2)}`)
  const idleMb = await idleUsersMb(server.url, 1000)
  console.log(`1,000 idle virtual users: ${idleMb.toFixed(1)} MB of RSS (target < 100 MB)`)
  console.log(line('engine via undici (max rate)', await measure(() => engineClosed(server.url, SECONDS, 'undici'))))
  await workersLine(server.url)
  await manyUsersLines(server.url)
  const rateRatios = pairs.map((p) => rate(p.engine) / rate(p.cannon))
  console.log(`max rate, median of ${PAIRS} phases: engine ${median(pairs.map((p) => rate(p.engine))).toFixed(0)} req/s, autocannon ${median(pairs.map((p) => rate(p.cannon))).toFixed(0)} req/s; pair ratios ${spanText(rateRatios)}`)
  console.log(`engine/autocannon rps ratio: ${median(rateRatios).toFixed(2)}`)
} finally {
  server.stop()
}
