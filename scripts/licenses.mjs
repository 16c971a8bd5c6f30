// The licences of every npm package bundled into dist/, in one file (dist/licenses.txt). ncc's
// own --license writes one file per chunk under the same name, so with the chart library in a
// chunk of its own the action's licences were overwritten: this collects them from the bundles'
// webpack stats instead (ncc --stats-out), from the packages' own LICENSE files.
//   node scripts/licenses.mjs out/stats-action.json out/stats-cli.json > dist/licenses.txt
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

/** The directory of each package a bundle holds a module of (the innermost node_modules/<name>). */
function packageDirs(statsFile) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  const dirs = new Set()
  const visit = module => {
    const name = module.name ?? module.identifier ?? ''
    const match = /^(?:.*\/)?(?:\.\/)?(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(
      name.replace(/^.*!/, '')
    )
    if (match?.[1]) dirs.add(path.resolve(match[1]))
    for (const inner of module.modules ?? []) visit(inner)
  }
  for (const module of stats.modules ?? []) visit(module)
  return dirs
}

function licenceText(dir) {
  const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
  return file === undefined ? undefined : readFileSync(path.join(dir, file), 'utf8').trim()
}

const entries = new Map()
for (const statsFile of process.argv.slice(2)) {
  for (const dir of packageDirs(statsFile)) {
    let meta
    try {
      meta = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
    } catch {
      continue
    }
    const key = `${meta.name}@${meta.version}`
    if (entries.has(key)) continue
    const licence = typeof meta.license === 'string' ? meta.license : (meta.license?.type ?? '')
    entries.set(key, [meta.name, licence, licenceText(dir) ?? ''].join('\n'))
  }
}
const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
process.stdout.write(`${sorted.map(([, text]) => text).join('\n\n')}\n`)
