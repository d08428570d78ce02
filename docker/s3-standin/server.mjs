// MinIO's container contract over s3rver: the last argument is the data
// directory, MINIO_ROOT_USER/MINIO_ROOT_PASSWORD are the only accepted
// credentials, the S3 API and /minio/health/{live,ready} answer on 9000, and
// 9001 (MinIO's console) says what this is.
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import S3rver from 's3rver'

const require = createRequire(import.meta.url)
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js')

const directory = process.argv.at(-1)?.startsWith('/') ? process.argv.at(-1) : '/data'
const user = process.env.MINIO_ROOT_USER ?? 'minioadmin'
const password = process.env.MINIO_ROOT_PASSWORD ?? 'minioadmin'
DUMMY_ACCOUNT.revokeAccessKey('S3RVER')
DUMMY_ACCOUNT.createKeyPair(user, password)

// Path-style only: with vhostBuckets, the host name `minio` would itself be taken for a bucket.
const s3 = new S3rver({ directory, silent: false, vhostBuckets: false })
const s3Handler = s3.callback()
const api = createServer((request, response) => {
  if (request.url === '/minio/health/live' || request.url === '/minio/health/ready') {
    response.writeHead(200).end()
    return
  }
  s3Handler(request, response)
})
const console_ = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' }).end('loadgate S3 stand-in (s3rver); MinIO console not available\n')
})
api.listen(9000, '0.0.0.0', () => console.log(`S3 stand-in (s3rver) on :9000, storing in ${directory}`))
console_.listen(9001, '0.0.0.0')

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    api.close()
    console_.close()
    process.exit(0)
  })
}
