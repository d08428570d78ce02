/**
 * Errors a route throws on purpose. Each carries its HTTP status and a stable
 * code; the error handler turns them into the uniform `{ error, message }` body.
 */

export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  constructor(statusCode: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`)
export const badRequest = (message: string): ApiError => new ApiError(400, 'bad_request', message)
export const unauthorized = (message: string): ApiError => new ApiError(401, 'unauthorized', message)
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message)
export const unprocessable = (message: string): ApiError => new ApiError(422, 'unprocessable', message)
export const payloadTooLarge = (message: string): ApiError => new ApiError(413, 'payload_too_large', message)
export const unsupportedMedia = (message: string): ApiError => new ApiError(415, 'unsupported_media_type', message)
