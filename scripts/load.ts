/** `npm run load`: this repository's `loadgate run` (src/cli/load-command.ts), after the Node check in package.json. */
import { loadCommand } from '../src/cli/load-command.ts'

process.exitCode = await loadCommand(process.argv.slice(2))
