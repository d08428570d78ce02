/**
 * The few Docker Engine API calls that cleanup needs (list, force-remove,
 * create a labelled network), the lifecycle calls of the fault controls
 * (inspect, kill, stop, start), the resource sampler's stats, and creating,
 * awaiting and reading the output of a plain container (the sharded
 * simulation's), over the engine's socket with undici. The reaper uses them after the process that
 * started the containers is gone, so they must not depend on testcontainers'
 * state in that process.
 */
import { Agent, request } from 'undici'
import { type ContainerCpuConfig, type ContainerStats, cpuLimitCores } from '../resources/docker-stats.ts'

/** A container from a local image, with only what a test's own containers need. */
export interface ContainerSpec {
  image: string
  cmd?: string[]
  env?: Record<string, string>
  labels: Record<string, string>
  user?: string
  workingDir?: string
  /** The network it joins and the names it answers to there. */
  network?: { name: string; aliases: string[] }
  /** Host paths mounted read-only at the same path inside (code, never results). */
  readOnlyMounts?: string[]
  /** Container port to host port, published on 127.0.0.1 only: nothing beyond this machine reaches it. */
  loopbackPorts?: Record<number, number>
}

export interface DockerEngine {
  /** Creates (does not start) a container; resolves to its id. */
  createContainer(spec: ContainerSpec): Promise<string>
  /** Resolves to the exit code once the container has exited. */
  waitContainer(id: string): Promise<number>
  /** What the container wrote so far, its stdout and stderr apart. */
  containerLogs(id: string): Promise<{ stdout: string; stderr: string }>
  createNetwork(name: string, labels: Record<string, string>): Promise<string>
  listContainers(label: string): Promise<{ id: string; labels: Record<string, string> }[]>
  listNetworks(label: string): Promise<{ id: string; labels: Record<string, string> }[]>
  removeContainer(id: string): Promise<void>
  removeNetwork(id: string): Promise<void>
  /** The container's state; `startedAt` is when its latest start began (RFC 3339). */
  /** Its state, and the CPUs its quota allows where it has one. */
  inspectContainer(id: string): Promise<{ running: boolean; startedAt: string; exitCode: number; cpuLimitCores?: number }>
  /** Sends `signal` (docker kill); a container that is not running is left as it is. */
  killContainer(id: string, signal: string): Promise<void>
  /** docker stop: the image's stop signal, SIGKILL after `graceSec`; resolves once it has exited. No-op when stopped. */
  stopContainer(id: string, graceSec: number): Promise<void>
  /** docker start of the same container (its name, aliases, filesystem and env). No-op when running. */
  startContainer(id: string): Promise<void>
  /** One reading, at once (`one-shot`: no second reading to fill `precpu_stats`; the sampler keeps its own previous one). */
  containerStats(id: string): Promise<ContainerStats>
  close(): Promise<void>
}

/** `DOCKER_HOST` as docker's CLI reads it: `unix:///path` (the default `/var/run/docker.sock`) or `tcp://host:port`. */
export function dockerEngine(dockerHost = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'): DockerEngine {
  const origin = dockerHost.startsWith('tcp://') ? `http://${dockerHost.slice('tcp://'.length)}` : 'http://docker'
  const dispatcher = dockerHost.startsWith('unix://') ? new Agent({ connect: { socketPath: dockerHost.slice('unix://'.length) } }) : new Agent()

  async function send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    return request(`${origin}${path}`, {
      method,
      dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  }
  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await send(method, path, body)
    const text = await response.body.text()
    // Already gone is what a removal wants.
    if (method === 'DELETE' && response.statusCode === 404) return undefined
    // 304: already started (start) or already stopped (stop); 409 on kill: not running.
    if (response.statusCode === 304) return undefined
    if (response.statusCode >= 300) throw new Error(`Docker ${method} ${path}: ${response.statusCode} ${text.trim()}`)
    return text === '' ? undefined : JSON.parse(text)
  }
  const byLabel = (label: string) => encodeURIComponent(JSON.stringify({ label: [label] }))

  return {
    async createContainer(spec) {
      const ports = Object.entries(spec.loopbackPorts ?? {})
      const created = (await call('POST', '/containers/create', {
        Image: spec.image,
        Cmd: spec.cmd,
        Env: Object.entries(spec.env ?? {}).map(([name, value]) => `${name}=${value}`),
        Labels: spec.labels,
        User: spec.user,
        WorkingDir: spec.workingDir,
        ExposedPorts: Object.fromEntries(ports.map(([container]) => [`${container}/tcp`, {}])),
        HostConfig: {
          NetworkMode: spec.network?.name,
          Binds: spec.readOnlyMounts?.map((path) => `${path}:${path}:ro`),
          PortBindings: Object.fromEntries(ports.map(([container, host]) => [`${container}/tcp`, [{ HostIp: '127.0.0.1', HostPort: String(host) }]])),
        },
        NetworkingConfig: spec.network ? { EndpointsConfig: { [spec.network.name]: { Aliases: spec.network.aliases } } } : undefined,
      })) as { Id: string }
      return created.Id
    },
    async waitContainer(id) {
      const exited = (await call('POST', `/containers/${id}/wait`)) as { StatusCode: number }
      return exited.StatusCode
    },
    async containerLogs(id) {
      const response = await send('GET', `/containers/${id}/logs?stdout=true&stderr=true`)
      const bytes = Buffer.from(await response.body.arrayBuffer())
      if (response.statusCode >= 300) throw new Error(`Docker GET /containers/${id}/logs: ${response.statusCode} ${bytes.toString().trim()}`)
      return demultiplex(bytes)
    },
    async createNetwork(name, labels) {
      const created = (await call('POST', '/networks/create', { Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels })) as { Id: string }
      return created.Id
    },
    async listContainers(label) {
      const found = (await call('GET', `/containers/json?all=true&filters=${byLabel(label)}`)) as { Id: string; Labels: Record<string, string> }[]
      return found.map((container) => ({ id: container.Id, labels: container.Labels ?? {} }))
    },
    async listNetworks(label) {
      const found = (await call('GET', `/networks?filters=${byLabel(label)}`)) as { Id: string; Labels: Record<string, string> }[]
      return found.map((network) => ({ id: network.Id, labels: network.Labels ?? {} }))
    },
    async removeContainer(id) {
      await call('DELETE', `/containers/${id}?force=true&v=true`)
    },
    async removeNetwork(id) {
      await call('DELETE', `/networks/${id}`)
    },
    async inspectContainer(id) {
      const found = (await call('GET', `/containers/${id}/json`)) as { State: { Running: boolean; StartedAt: string; ExitCode: number }; HostConfig?: ContainerCpuConfig }
      const cpuLimit = cpuLimitCores(found.HostConfig ?? {})
      return { running: found.State.Running, startedAt: found.State.StartedAt, exitCode: found.State.ExitCode, ...(cpuLimit === undefined ? {} : { cpuLimitCores: cpuLimit }) }
    },
    async killContainer(id, signal) {
      try {
        await call('POST', `/containers/${id}/kill?signal=${encodeURIComponent(signal)}`)
      } catch (error) {
        if (!/: 409 /.test((error as Error).message)) throw error
      }
    },
    async stopContainer(id, graceSec) {
      await call('POST', `/containers/${id}/stop?t=${graceSec}`)
    },
    async startContainer(id) {
      await call('POST', `/containers/${id}/start`)
    },
    async containerStats(id) {
      return (await call('GET', `/containers/${id}/stats?stream=false&one-shot=true`)) as ContainerStats
    },
    close: () => dispatcher.close(),
  }
}

/**
 * A container without a terminal sends its output as frames: one byte for the
 * stream (1 stdout, 2 stderr), three of padding, the length (big-endian), the bytes.
 */
function demultiplex(bytes: Buffer): { stdout: string; stderr: string } {
  const streams: Record<number, Buffer[]> = { 1: [], 2: [] }
  for (let at = 0; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at + 4)
    streams[bytes[at] as number]?.push(bytes.subarray(at + 8, at + 8 + length))
    at += 8 + length
  }
  return { stdout: Buffer.concat(streams[1] ?? []).toString(), stderr: Buffer.concat(streams[2] ?? []).toString() }
}
