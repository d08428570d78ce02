/** A response that breaks HTTP/1.1 framing; the code is llhttp's, as undici reports it. */
export class HttpParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE'
}
