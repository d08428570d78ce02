/** A small client for functional tests of the reference API, over undici. */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { FormData, request } from 'undici'

export interface ApiResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  json: <T = Record<string, unknown>>() => T
}

export interface ApiClient {
  call(method: string, path: string, options?: { token?: string; json?: unknown; body?: string | Buffer | FormData; headers?: Record<string, string> }): Promise<ApiResponse>
  register(): Promise<{ token: string; userId: string; username: string; password: string }>
  upload(token: string, file: string, contentType: string, filename?: string): Promise<ApiResponse>
}

export function apiClient(baseUrl: string): ApiClient {
  const call: ApiClient['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body = options.body
    if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers['content-type'] = 'application/json'
    }
    const response = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, body, headersTimeout: 60_000, bodyTimeout: 60_000 })
    const bytes = Buffer.from(await response.body.arrayBuffer())
    return { status: response.statusCode, headers: response.headers, body: bytes, json: <T>() => JSON.parse(bytes.toString()) as T }
  }
  return {
    call,
    async register() {
      const username = `t_${randomUUID().slice(0, 12)}`
      const password = `pw-${randomUUID()}`
      const response = await call('POST', '/api/v1/auth/register', { json: { username, password } })
      if (response.status !== 201) throw new Error(`register answered ${response.status}: ${response.body}`)
      const body = response.json<{ token: string; user: { id: string } }>()
      return { token: body.token, userId: body.user.id, username, password }
    },
    upload(token, file, contentType, filename) {
      const form = new FormData()
      form.append('file', new Blob([readFileSync(file)], { type: contentType }), filename ?? file.split('/').at(-1))
      return call('POST', '/api/v1/files', { token, body: form })
    },
  }
}
