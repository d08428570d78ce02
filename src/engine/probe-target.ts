/** Checks that something listens at the target before any load is sent. */
import { connect } from 'node:net'
import { UnreachableTargetError } from './errors.ts'
import { failureReasonOf } from './transport/failure-reason.ts'

export function probeTarget(baseUrl: string, timeoutMs = 3000): Promise<void> {
  const url = new URL(baseUrl)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs })
    socket.once('connect', () => {
      socket.destroy()
      resolve()
    })
    socket.once('timeout', () => {
      socket.destroy()
      reject(new UnreachableTargetError(baseUrl, `no answer within ${timeoutMs} ms`))
    })
    socket.once('error', (error) => reject(new UnreachableTargetError(baseUrl, failureReasonOf(error))))
  })
}
