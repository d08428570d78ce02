/**
 * The one reading of an on/off environment variable (`LOAD_STRICT`,
 * `LOAD_REPORT_ONLY`, `LOADGATE_CI_REPORTS`, ...): the words people type,
 * case-insensitive, so `=true` is not silently ignored where `=1` works.
 * A word that is neither is refused by name rather than guessed.
 */

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on'])
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'off'])

/** true for 1, true, yes, on; false for 0, false, no, off, empty or unset; undefined for any other word. */
export function parseSwitch(text: string | undefined): boolean | undefined {
  const word = (text ?? '').trim().toLowerCase()
  if (TRUE_WORDS.has(word)) return true
  if (FALSE_WORDS.has(word)) return false
  return undefined
}

/** Why `name`'s value is no switch, or undefined when it is one (for validators that name every problem at once). */
export function switchProblem(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return parseSwitch(env[name]) === undefined ? `${name}="${env[name]}" is not a switch: use 1, true, yes, on or 0, false, no, off` : undefined
}

/** The switch `name` in `env`; a value that is no switch throws, naming it. */
export function envSwitch(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = parseSwitch(env[name])
  if (value === undefined) throw new RangeError(switchProblem(env, name))
  return value
}
