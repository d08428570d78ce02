/**
 * `npm run build`: the package in dist/, as JavaScript with declaration files
 * (tsconfig.build.json rewrites the sources' `.ts` imports to `.js`), plus the
 * files tsc does not emit: the report's browser scripts, read at run time, and
 * the Node check, which is JavaScript so an old Node can run it. The repository
 * itself runs the sources and never needs this.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, globSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const began = performance.now()
rmSync('dist', { recursive: true, force: true })
execFileSync(join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' })
for (const file of globSync('src/**/*.{js,d.ts}')) cpSync(file, join('dist', file.slice('src/'.length)))
chmodSync('dist/cli/bin.js', 0o755)
console.log(`built dist/ in ${((performance.now() - began) / 1000).toFixed(1)} s`)
