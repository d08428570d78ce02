/** The shard files in a result store: what a listing says is missing, the wait that names it, and the merge's options. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseMergeOptions } from '../../scripts/merge-options.ts'
import { awaitShards } from '../../src/store/await-shards.ts'
import { openResultStore, parseResultLocation } from '../../src/store/result-store.ts'
import { shardProgress } from '../../src/store/shard-files.ts'
import { shardConfigFromEnv } from '../../src/vitest/shard-config.ts'

describe('shardProgress', () => {
  it('is complete when every shard finished and delivered every category', () => {
    const names = ['files.shard-1-of-2.json', 'files.shard-2-of-2.json', 'shard-1-of-2.done.json', 'shard-2-of-2.done.json', '.x.partial']
    const progress = shardProgress(names)
    expect(progress).toMatchObject({ count: 2, missing: [], finished: true })
    expect(typeof progress !== 'string' && [...(progress.categories.get('files')?.keys() ?? [])].sort()).toEqual([1, 2])
  })

  it('names the shards not finished and the files not delivered', () => {
    const progress = shardProgress(['auth.shard-1-of-3.json', 'files.shard-2-of-3.json', 'shard-2-of-3.done.json'])
    expect(progress).toMatchObject({
      count: 3,
      finished: false,
      missing: ['shard 1/3 has not finished', 'shard 3/3 has not finished', 'auth.shard-2-of-3.json', 'auth.shard-3-of-3.json', 'files.shard-1-of-3.json', 'files.shard-3-of-3.json'],
    })
  })

  it('waits for a count it was told, even before any file arrives', () => {
    expect(shardProgress([], 2)).toMatchObject({ count: 2, missing: ['shard 1/2 has not finished', 'shard 2/2 has not finished'] })
    expect(shardProgress([])).toMatchObject({ count: 0, missing: ['no shard has written anything yet'] })
  })

  it('refuses files of two runs unless told which', () => {
    const names = ['files.shard-1-of-2.json', 'files.shard-1-of-3.json']
    expect(shardProgress(names)).toMatch(/shards of different runs \(of 2, of 3\)/)
    expect(shardProgress(names, 3)).toMatchObject({ count: 3 })
  })
})

describe('awaitShards', () => {
  it('names what is missing at the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-await-'))
    writeFileSync(join(dir, 'files.shard-1-of-2.json'), '{}')
    const store = await openResultStore(dir)
    await expect(awaitShards(store, { timeoutMs: 50, pollMs: 10 })).rejects.toThrow(/still incomplete after 0 s; missing:\n {2}- shard 1\/2 has not finished\n {2}- shard 2\/2 has not finished\n {2}- files.shard-2-of-2.json/)
  })

  it('fails at once when every shard finished and a category is short (it will never come)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-await-'))
    for (const name of ['files.shard-1-of-2.json', 'shard-1-of-2.done.json', 'shard-2-of-2.done.json']) writeFileSync(join(dir, name), '{}')
    const store = await openResultStore(dir)
    await expect(awaitShards(store, { timeoutMs: 60_000 })).rejects.toThrow(/every shard has finished, but not every category arrived; missing:\n {2}- files.shard-2-of-2.json/)
  })
})

describe('locations and settings', () => {
  it.each([
    ['s3://bucket/run/42/', { kind: 's3', bucket: 'bucket', prefix: 'run/42/' }],
    ['s3://bucket', { kind: 's3', bucket: 'bucket', prefix: '' }],
    ['/tmp/shards', { kind: 'directory', path: '/tmp/shards' }],
  ])('reads %s', (text, location) => expect(parseResultLocation(text)).toEqual(location))

  it.each(['s3://', 'gs://bucket/x', ''])('refuses "%s"', (text) => expect(typeof parseResultLocation(text)).toBe('string'))

  it('names every wrong shard setting at once', () => {
    expect(() => shardConfigFromEnv({ LOAD_SHARD: '4/3', LOAD_START_AT: 'soon', LOAD_RESULTS_URL: 'gs://x' })).toThrow(/3 problem\(s\) with the shard settings: "4\/3" is not a shard.*; LOAD_START_AT="soon" is not an ISO time.*; LOAD_RESULTS_URL: "gs:\/\/x" is neither/)
  })

  it('makes a run that publishes without a shard the one shard of its run', () => {
    expect(shardConfigFromEnv({ LOAD_RESULTS_URL: '/tmp/x' })).toMatchObject({ shard: { index: 1, count: 1 }, startAtMs: null })
    expect(shardConfigFromEnv({})).toEqual({ shard: null, startAtMs: null, resultsUrl: null })
  })

  it('merge: reads its options, and names every problem at once', () => {
    const now = new Date('2025-01-31T12:00:00Z')
    expect(parseMergeOptions(['s3://b/p', '--shards', '3', '--timeout=90s'], {}, now)).toEqual({ location: 's3://b/p', shards: 3, timeoutMs: 90_000, outDir: 'results/merged-2025-01-31T12-00-00', help: false })
    expect(parseMergeOptions(['--out', 'results/x'], { LOAD_RESULTS_URL: '/tmp/r' })).toMatchObject({ location: '/tmp/r', outDir: 'results/x', timeoutMs: 600_000 })
    expect(() => parseMergeOptions(['--shards', '0', '--timeout', 'later', '--wat'], {})).toThrow(/4 problem\(s\):\n {2}- unknown option --wat\n {2}- no location.*\n {2}- --shards "0".*\n {2}- --timeout "later"/)
  })
})
