/**
 * The Node.js this project needs, checked before anything else loads: plain
 * JavaScript, so an older Node can read it and say so in one line instead of
 * failing on a `.ts` file with an ERR_UNKNOWN_FILE_EXTENSION stack. Run as a
 * script (`node src/cli/node-check.js`) it exits 1 with that line; the
 * `loadgate` command calls `nodeVersionProblem` first.
 *
 * 22.18 is the first 22 to run TypeScript without a flag (23.6 on the 23
 * line); undici 8, a dependency, needs 22.19.
 */
import { fileURLToPath } from 'node:url'

/** @param {string} version as `process.versions.node` gives it, e.g. `20.11.1` */
export function nodeVersionProblem(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const supported = major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 19)
  if (supported) return undefined
  return `loadgate needs Node.js 22.19 or later (this is ${version}); install the current LTS, e.g. \`nvm install 24\` or from https://nodejs.org`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = nodeVersionProblem()
  if (problem) {
    console.error(problem)
    process.exit(1)
  }
}
