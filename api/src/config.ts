/**
 * The API's configuration, read from environment variables and validated at
 * start. Every problem is reported at once, each naming its variable, so a bad
 * deployment fails before it serves a request.
 */

export interface Config {
  host: string
  port: number
  databaseUrl: string
  redisUrl: string
  s3: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string }
  jwtSecret: string
  jwtTtlSec: number
  maxUploadBytes: number
  loginRateLimitPerMin: number
  ffmpegPath: string
  ffprobePath: string
  ffmpegTimeoutMs: number
  workerConcurrency: number
  queueName: string
  /** `METHOD /route/template` -> extra milliseconds, for proving that budgets catch a slow endpoint. */
  slowEndpoints: Map<string, number>
  /**
   * `API_DEPENDENCY_TIMEOUT_MS` (default 2000): how long a request waits for Postgres, Redis or
   * storage to connect or answer before it gets 503 `dependency_unavailable`. Longer than any
   * healthy query or command, short enough that an outage is reported instead of hung on.
   */
  dependencyTimeoutMs: number
  logLevel: string
}

export class ConfigError extends Error {
  readonly code = 'ERR_API_CONFIG'
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

type Env = Record<string, string | undefined>

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const read = reader(env, problems)
  const config: Config = {
    host: read.text('HOST', '127.0.0.1'),
    port: read.int('PORT', 8000, 0, 65_535),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    s3: {
      endpoint: read.url('S3_ENDPOINT', ['http:', 'https:']),
      region: read.text('S3_REGION', 'us-east-1'),
      bucket: read.text('S3_BUCKET', 'media'),
      accessKeyId: read.text('S3_ACCESS_KEY_ID'),
      secretAccessKey: read.text('S3_SECRET_ACCESS_KEY'),
    },
    jwtSecret: read.text('JWT_SECRET'),
    jwtTtlSec: read.int('JWT_TTL_SEC', 3600, 1, 30 * 86_400),
    maxUploadBytes: read.int('MAX_UPLOAD_BYTES', 104_857_600, 1, 2 ** 40),
    loginRateLimitPerMin: read.int('LOGIN_RATE_LIMIT_PER_MIN', 600, 1, 1_000_000),
    ffmpegPath: read.text('FFMPEG_PATH', 'ffmpeg'),
    ffprobePath: read.text('FFPROBE_PATH', 'ffprobe'),
    ffmpegTimeoutMs: read.int('FFMPEG_TIMEOUT_MS', 120_000, 1, 86_400_000),
    workerConcurrency: read.int('WORKER_CONCURRENCY', 2, 1, 64),
    queueName: read.text('QUEUE_NAME', 'media-tasks'),
    slowEndpoints: parseSlowEndpoints(env.API_SLOW_ENDPOINTS ?? '', problems),
    dependencyTimeoutMs: read.int('API_DEPENDENCY_TIMEOUT_MS', 2000, 100, 600_000),
    logLevel: read.text('LOG_LEVEL', 'info'),
  }
  if (config.jwtSecret !== '' && config.jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters')
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

function reader(env: Env, problems: string[]) {
  const raw = (name: string, fallback?: string): string | undefined => {
    const value = env[name]
    if (value !== undefined && value !== '') return value
    if (fallback === undefined) problems.push(`${name} is required`)
    return fallback
  }
  return {
    text: (name: string, fallback?: string): string => raw(name, fallback) ?? '',
    int: (name: string, fallback: number, min: number, max: number): number => {
      const value = raw(name, String(fallback))
      const parsed = Number(value)
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`)
        return fallback
      }
      return parsed
    },
    url: (name: string, protocols: string[]): string => {
      const value = raw(name)
      if (value === undefined) return ''
      if (!URL.canParse(value) || !protocols.includes(new URL(value).protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL, got ${JSON.stringify(value)}`)
      }
      return value
    },
  }
}

/** `GET /api/v1/users/me/stats=800,GET /api/v1/files=200` -> route key -> delay ms. */
export function parseSlowEndpoints(spec: string, problems: string[]): Map<string, number> {
  const delays = new Map<string, number>()
  for (const entry of spec.split(',').map((part) => part.trim())) {
    if (entry === '') continue
    const match = /^([A-Z]+) (\/\S*)=(\d+)$/.exec(entry)
    if (match === null) {
      problems.push(`API_SLOW_ENDPOINTS entry ${JSON.stringify(entry)} is not "METHOD /route=ms"`)
      continue
    }
    delays.set(`${match[1]} ${match[2]}`, Number(match[3]))
  }
  return delays
}
