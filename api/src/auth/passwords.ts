/**
 * Password hashing with Argon2id. The cost is OWASP's second recommended
 * setting (m=12 MiB, t=3, p=1): about as strong as m=19 MiB, t=2 but lighter on
 * memory, so a login stays in the tens of milliseconds on a 2-core machine
 * that is also running the load generator.
 */
import { hash, verify } from '@node-rs/argon2'

const argon2id = 2
const options = { algorithm: argon2id, memoryCost: 12_288, timeCost: 3, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password)
}

/** A hash to verify against when the username is unknown, so both cases take the same time. */
export const decoyHash: Promise<string> = hashPassword('decoy password that matches nothing')
