/**
 * The outage classifier: which errors of a call to Postgres, Redis or storage
 * mean the dependency is down or not answering (503), and which are its answer
 * or a bug here (unchanged). Real error classes of each client library.
 */
import { NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3'
import { ReplyError } from 'ioredis'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  type Dependency,
  DependencyUnavailableError,
  fromDependency,
  isUnavailable,
} from '../../api/src/dependency-errors.ts'
import { notFound } from '../../api/src/errors.ts'

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code })
const sqlError = (code: string): Error => Object.assign(new pg.DatabaseError('server said no', 0, 'error'), { code })
const serverFault = new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } })

describe('isUnavailable', () => {
  it.each<[Dependency, string, unknown, boolean]>([
    ['postgres', 'connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['postgres', 'connection reset', withCode('read ECONNRESET', 'ECONNRESET'), true],
    ['postgres', '57P01 admin shutdown', sqlError('57P01'), true],
    ['postgres', '57P03 cannot connect now', sqlError('57P03'), true],
    ['postgres', '53300 too many connections', sqlError('53300'), true],
    ['postgres', '08006 connection failure', sqlError('08006'), true],
    ['postgres', '57014 statement timeout', sqlError('57014'), true],
    ['postgres', 'connection terminated (no code)', new Error('Connection terminated unexpectedly'), true],
    ['postgres', 'query read timeout (no code)', new Error('Query read timeout'), true],
    ['postgres', '23505 unique violation', sqlError('23505'), false],
    ['postgres', '22P02 invalid input', sqlError('22P02'), false],
    ['postgres', 'a TypeError (a bug here)', new TypeError('cannot read properties of undefined'), false],
    ['redis', 'command timed out', new Error('Command timed out'), true],
    ['redis', 'offline queue disabled', new Error("Stream isn't writeable and enableOfflineQueue options is false"), true],
    ['redis', 'connection refused', withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'), true],
    ['redis', 'LOADING reply', new ReplyError('LOADING Redis is loading the dataset in memory'), true],
    ['redis', 'BUSY reply', new ReplyError('BUSY Redis is busy running a script'), true],
    ['redis', 'WRONGTYPE reply', new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'), false],
    ['storage', 'connection refused', withCode('connect ECONNREFUSED 127.0.0.1:9000', 'ECONNREFUSED'), true],
    ['storage', 'aborted past the deadline', Object.assign(new Error('no answer within 2000 ms'), { name: 'AbortError' }), true],
    ['storage', 'a 5xx from the store', serverFault, true],
    ['storage', 'NoSuchKey (404)', new NoSuchKey({ message: 'gone', $metadata: { httpStatusCode: 404 } }), false],
    ['postgres', 'an ApiError of a route', notFound('file'), false],
    ['redis', 'not an Error at all', 'a string', false],
  ])('%s: %s -> %s', (dependency, _what, error, expected) => {
    expect(isUnavailable(dependency, error)).toBe(expected)
  })
})

describe('fromDependency', () => {
  it('tags an outage with its dependency and keeps the cause', async () => {
    const cause = new Error('Command timed out')
    const error = await fromDependency('redis', Promise.reject(cause)).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(DependencyUnavailableError)
    expect(error).toMatchObject({ statusCode: 503, code: 'dependency_unavailable', dependency: 'redis', retryAfterSec: 2, cause })
    expect((error as Error).message).toBe('redis is unavailable: Command timed out')
  })

  it('leaves the dependency\'s own answers unchanged', async () => {
    const unique = sqlError('23505')
    await expect(fromDependency('postgres', Promise.reject(unique))).rejects.toBe(unique)
  })
})
