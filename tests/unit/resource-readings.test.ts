/** The pure parts of the resource sampler: Docker's stats as `docker stats` reads them, Prometheus text, LOAD_TARGET_METRICS. */
import { describe, expect, it } from 'vitest'
import { EnvironmentError } from '../../src/env/errors.ts'
import { type ContainerStats, containerSample, cpuLimitCores, isRunning } from '../../src/env/resources/docker-stats.ts'
import { parseTargetMetrics } from '../../src/env/resources/external-source.ts'
import { unlabelledSamples } from '../../src/env/resources/prometheus-text.ts'

const reading = (at: string, cpuNs: number, systemNs: number, extra: Partial<ContainerStats> = {}): ContainerStats => ({
  read: at,
  cpu_stats: { cpu_usage: { total_usage: cpuNs }, system_cpu_usage: systemNs, online_cpus: 4 },
  memory_stats: { usage: 300, limit: 1000, stats: { total_inactive_file: 100 } },
  blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 10 }, { op: 'Write', value: 20 }] },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 500 } },
  ...extra,
})

describe('containerSample', () => {
  it('computes CPU as docker stats does, memory less inactive cache, and the growth of disk and network', () => {
    // Half a second of CPU while the host's 4 CPUs ran 4 seconds: half a core, an eighth of the machine.
    const before = reading('2026-01-01T00:00:00Z', 1e9, 100e9)
    const now = reading('2026-01-01T00:00:01Z', 1.5e9, 104e9, {
      blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 15 }, { op: 'write', value: 60 }] },
      networks: { eth0: { rx_bytes: 1400, tx_bytes: 600 }, eth1: { rx_bytes: 100, tx_bytes: 0 } },
    })
    expect(containerSample(before, now)).toEqual({
      timestampSec: Date.parse('2026-01-01T00:00:01Z') / 1000,
      intervalSec: 1,
      cpuPercentOfCore: 50,
      cpuPercentOfMachine: 12.5,
      rssBytes: 200,
      memoryLimitBytes: 1000,
      diskReadBytes: 5,
      diskWriteBytes: 40,
      netRxBytes: 500,
      netTxBytes: 100,
    })
  })

  it('reads cgroup v2 memory (inactive_file) and takes a counter that went down as reset', () => {
    const before = reading('2026-01-01T00:00:00Z', 5e9, 100e9)
    const now = reading('2026-01-01T00:00:02Z', 1e9, 108e9, { memory_stats: { usage: 500, limit: 1000, stats: { inactive_file: 50 } } })
    const sample = containerSample(before, now)
    expect(sample.rssBytes).toBe(450)
    expect(sample.cpuPercentOfCore).toBe(50)
  })

  it('carries the CPU limit it is given, and reads one from --cpus or from a quota and its period', () => {
    expect(containerSample(reading('2026-01-01T00:00:00Z', 1, 1), reading('2026-01-01T00:00:01Z', 2, 2), 0.5).cpuLimitCores).toBe(0.5)
    expect(cpuLimitCores({ NanoCpus: 500_000_000, CpuQuota: 0, CpuPeriod: 0 })).toBe(0.5)
    expect(cpuLimitCores({ NanoCpus: 0, CpuQuota: 150_000, CpuPeriod: 100_000 })).toBe(1.5)
    // Docker leaves the period at 0 when only a quota is given: the kernel's 100 ms applies.
    expect(cpuLimitCores({ NanoCpus: 0, CpuQuota: 25_000, CpuPeriod: 0 })).toBe(0.25)
    expect(cpuLimitCores({ NanoCpus: 0, CpuQuota: -1, CpuPeriod: 100_000 })).toBeUndefined()
    expect(cpuLimitCores({})).toBeUndefined()
  })

  it('knows a stopped container by its empty stats', () => {
    expect(isRunning({ read: '0001-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: 0 } }, memory_stats: {} })).toBe(false)
    expect(isRunning(reading('2026-01-01T00:00:00Z', 1, 1))).toBe(true)
  })
})

describe('unlabelledSamples', () => {
  it('reads unlabelled samples and skips comments, labelled series and junk', () => {
    const text = [
      '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
      '# TYPE process_cpu_seconds_total counter',
      'process_cpu_seconds_total 12.5',
      'process_resident_memory_bytes 5.2e+07 1700000000000',
      'nodejs_heap_space_size_total_bytes{space="old"} 123',
      'not a sample',
      'weird_value NaN',
      'process_max_fds +Inf',
      '',
    ].join('\n')
    const samples = unlabelledSamples(text)
    expect(Object.fromEntries(samples)).toEqual({ process_cpu_seconds_total: 12.5, process_resident_memory_bytes: 52_000_000, process_max_fds: Number.POSITIVE_INFINITY })
  })
})

describe('parseTargetMetrics', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['api=http://10.0.0.5:8000/metrics', [{ service: 'api', url: 'http://10.0.0.5:8000/metrics' }]],
    [' api=http://a/metrics , worker=https://b:9100/metrics ', [{ service: 'api', url: 'http://a/metrics' }, { service: 'worker', url: 'https://b:9100/metrics' }]],
  ])('%j', (value, targets) => {
    expect(parseTargetMetrics(value)).toEqual(targets)
  })

  it('names every bad entry at once', () => {
    const error = (() => {
      try {
        return parseTargetMetrics('apl=http://a/metrics,worker=ftp://b,redis')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(EnvironmentError)
    expect((error as EnvironmentError).code).toBe('ERR_ENV_TARGET_METRICS_INVALID')
    expect((error as Error).message).toMatch(/"apl=http:\/\/a\/metrics": the service must be one of[\s\S]*"worker=ftp:\/\/b": "ftp:\/\/b" is not an http\(s\) URL[\s\S]*"redis": expected service=url/)
  })
})
