/** Access tokens: HS256 JWTs with the user id as subject and an expiry. */
import { errors, jwtVerify, SignJWT } from 'jose'
import { unauthorized } from '../errors.ts'

export interface TokenIssuer {
  issue(userId: string): Promise<{ token: string; expiresAt: number }>
  /** Returns the user id; throws 401 for a missing, forged or expired token. */
  verify(token: string): Promise<string>
}

const issuer = 'media-api'

export function createTokenIssuer(secret: string, ttlSec: number): TokenIssuer {
  const key = new TextEncoder().encode(secret)
  return {
    async issue(userId) {
      const expiresAt = Math.floor(Date.now() / 1000) + ttlSec
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(key)
      return { token, expiresAt: expiresAt * 1000 }
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer })
        if (typeof payload.sub !== 'string') throw unauthorized('token has no subject')
        return payload.sub
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw unauthorized('token expired')
        throw unauthorized('invalid token')
      }
    },
  }
}

/** The token of `Authorization: Bearer …`, else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '')
  return match?.[1]
}
