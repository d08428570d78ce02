/**
 * The sharded simulation's target in a container: the fake server with the
 * shards' latency mix (shard-load.ts) on every interface of the container,
 * `node shard-target-main.ts <port>`. Says "listening" once it is.
 */
import { startFakeServer } from './fake-server.ts'
import { shardLatencyMix } from './shard-load.ts'

const server = await startFakeServer(shardLatencyMix, Number(process.argv[2]), undefined, '0.0.0.0')
console.log(`shard target listening on ${server.url}`)
