/**
 * The S3-compatible store of the local environment, run as its own child
 * process so the API reaches it over HTTP like any S3 endpoint:
 * `node s3rver-main.ts <port> <directory>`. The bucket is left for the API to
 * create, as it does against any store.
 */
import S3rver from 's3rver'

const [port, directory] = process.argv.slice(2)
if (port === undefined || directory === undefined) {
  console.error('usage: node s3rver-main.ts <port> <directory>')
  process.exit(2)
}

const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: false })
const address = await server.run()
console.log(`s3rver listening on http://${address.address}:${address.port}, storing in ${directory}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().finally(() => process.exit(0))
  })
}
