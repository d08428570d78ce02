/**
 * File bodies in S3-compatible storage (MinIO, s3rver). Path-style addressing
 * and checksums only when required: without them the SDK sends aws-chunked
 * bodies that simpler stores keep, framing and all, inside the object.
 */
import type { Readable } from 'node:stream'
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { Config } from './config.ts'
import { fromDependency } from './dependency-errors.ts'

export interface StoredObject {
  body: Readable
  contentLength: number
  contentRange?: string
}

export interface Storage {
  ensureBucket(): Promise<void>
  check(): Promise<void>
  put(key: string, body: Readable, contentType: string): Promise<void>
  get(key: string, range?: string): Promise<StoredObject>
  remove(key: string): Promise<void>
  close(): void
}

/**
 * `timeoutMs` bounds connecting, and each call up to the response headers,
 * retries included; a download's body then streams at the client's pace, and an
 * upload is bounded only in connecting (a large one takes as long as it takes).
 */
export function createStorage(s3: Config['s3'], timeoutMs = 2000): Storage {
  const client = new S3Client({
    requestHandler: { connectionTimeout: timeoutMs },
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  const Bucket = s3.bucket
  const send = <T>(call: (abortSignal: AbortSignal) => Promise<T>) => fromDependency('storage', withDeadline(timeoutMs, call))
  return {
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }))
      } catch (error) {
        if (!(error instanceof S3ServiceException) || error.$metadata.httpStatusCode !== 404) throw error
        await client.send(new CreateBucketCommand({ Bucket })).catch((createError: unknown) => {
          // Another process (API or worker) created it between our check and our create.
          if (!(createError instanceof S3ServiceException) || !/BucketAlready/.test(createError.name)) throw createError
        })
      }
    },
    // GetBucketLocation, not HeadBucket: s3rver answers HEAD with a listing of up to
    // 1,000 objects (87 ms with 1,500 stored, against 2.5 ms for the location), so
    // readiness probes saturated it once the load suite had filled the bucket.
    async check() {
      await send((abortSignal) => client.send(new GetBucketLocationCommand({ Bucket }), { abortSignal }))
    },
    async put(key, body, contentType) {
      await fromDependency('storage', new Upload({ client, params: { Bucket, Key: key, Body: body, ContentType: contentType } }).done())
    },
    async get(key, range) {
      const response = await send((abortSignal) => client.send(new GetObjectCommand({ Bucket, Key: key, Range: range }), { abortSignal }))
      return {
        body: response.Body as Readable,
        contentLength: response.ContentLength ?? 0,
        contentRange: response.ContentRange,
      }
    },
    async remove(key) {
      await send((abortSignal) => client.send(new DeleteObjectCommand({ Bucket, Key: key }), { abortSignal }))
    },
    close() {
      client.destroy()
    },
  }
}

/** Aborts `call` past `timeoutMs`; once it has resolved the signal never fires, so a body being read is never cut. */
async function withDeadline<T>(timeoutMs: number, call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  try {
    return await call(controller.signal)
  } finally {
    clearTimeout(timer)
  }
}
