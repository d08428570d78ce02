/**
 * The result store on S3 or any S3-compatible service. Endpoint, region and
 * credentials come the usual AWS way (AWS_ENDPOINT_URL, AWS_REGION,
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the pod's role), so a shard
 * needs no option of ours beyond LOAD_RESULTS_URL.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { ResultLocation, ResultStore } from './result-store.ts'

/** An S3 client configured from the usual AWS variables in `env`, for this store and for whoever prepares its bucket. */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL
  return new S3Client({
    region: env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    // Keys from `env` when it has them (it may not be process.env); otherwise the SDK's chain (a pod's role, a profile).
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } }
      : {}),
    // S3-compatible stores (MinIO, s3rver) answer on one host: buckets go in the path.
    forcePathStyle: Boolean(endpoint),
    // Flexible checksums are refused by some S3-compatible stores (s3rver); S3 needs none for these small objects.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

export function s3Store(text: string, location: Extract<ResultLocation, { kind: 's3' }>, env: NodeJS.ProcessEnv): ResultStore {
  const client = s3ClientFromEnv(env)
  const Bucket = location.bucket
  return {
    location: text,
    async list() {
      const names: string[] = []
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: location.prefix, ContinuationToken }))
        for (const object of page.Contents ?? []) if (object.Key) names.push(object.Key.slice(location.prefix.length))
        ContinuationToken = page.NextContinuationToken
      } while (ContinuationToken)
      return names
    },
    async read(name) {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: location.prefix + name }))
      return (await object.Body?.transformToString('utf8')) ?? ''
    },
    async write(name, body) {
      await client.send(new PutObjectCommand({ Bucket, Key: location.prefix + name, Body: body, ContentType: 'application/json' }))
    },
    close: () => client.destroy(),
  }
}
