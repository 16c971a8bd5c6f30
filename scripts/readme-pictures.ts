/**
 * The README's pictures, made from the example's report (docs/pictures/example-report.json, a
 * report of `scripts/demo.sh`): the care label as the action writes it (care-label.svg), and the
 * pull-request comment as GitHub's Markdown parser renders it, photographed by headless Chromium
 * (comment.png). The PNG carries the SHA-256 of the page it shows, so `--check` can tell a stale
 * picture from a fresh one without comparing pixels (which differ between Chromium builds).
 *
 *   scripts/readme-pictures.sh           write the pictures
 *   scripts/readme-pictures.sh --check   fail when a picture does not match the sources
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { renderMarkdown } from '../src/core/render/markdown.js'
import { renderLabelSvg } from '../src/core/render/svg.js'
import { parseReport } from '../src/core/report/validate.js'
import { launchChromium } from '../test/support/chromium.js'
import { renderGfm } from '../test/support/gfm.js'

const DIR = path.resolve(process.argv.slice(2).find(a => !a.startsWith('--')) ?? 'docs/pictures')
const KEYWORD = 'care-label-source-sha256'

/** GitHub's comment box, near enough: its font stack, widths, table and code styles. */
const STYLE = `
body { margin: 0; padding: 16px; background: #fff; width: 880px;
  font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e;
  border-radius: 6px 6px 0 0; }
.head b { color: #1f2328; }
.body { padding: 16px; }
.body > :first-child { margin-top: 0; }
h3 { font-size: 1.25em; margin: 0 0 16px; }
table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; }
th { font-weight: 600; }
blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
details { margin: 0 0 16px; }
summary { cursor: pointer; }
sub { color: #59636e; }
a { color: #0969da; text-decoration: none; }
p { margin: 0 0 16px; }
`

function page(commentHtml: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>
<div class="comment"><div class="head"><b>github-actions</b> bot commented</div>
<div class="body">${commentHtml}</div></div></body></html>`
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** `png` with a tEXt chunk `keyword`=`value` after its header chunk. */
function withText(png: Buffer, keyword: string, value: string): Buffer {
  const data = Buffer.from(`${keyword}\0${value}`, 'latin1')
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  chunk.write('tEXt', 4, 'latin1')
  data.copy(chunk, 8)
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length)
  const headerEnd = 8 + 12 + png.readUInt32BE(8)
  return Buffer.concat([png.subarray(0, headerEnd), chunk, png.subarray(headerEnd)])
}

/** The value of the tEXt chunk `keyword` of `png`, if it has one. */
function textOf(png: Buffer, keyword: string): string | undefined {
  for (let at = 8; at + 12 <= png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.toString('latin1', at + 8, at + 8 + length)
    if (type === 'tEXt' && body.startsWith(`${keyword}\0`)) return body.slice(keyword.length + 1)
    at += 12 + length
  }
  return undefined
}

function readOr(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

async function main(check: boolean): Promise<number> {
  const report = parseReport(readFileSync(path.join(DIR, 'example-report.json'), 'utf8'))
  const svg = renderLabelSvg(report)
  const [commentHtml = ''] = renderGfm([renderMarkdown(report)])
  const html = page(commentHtml)
  const svgFile = path.join(DIR, 'care-label.svg')
  const pngFile = path.join(DIR, 'comment.png')
  if (check) {
    const stale: string[] = []
    if (readOr(svgFile)?.toString('utf8') !== svg) stale.push(svgFile)
    const png = readOr(pngFile)
    if (png === undefined || textOf(png, KEYWORD) !== sha256(html)) stale.push(pngFile)
    for (const file of stale) {
      process.stderr.write(`${file} does not match the sources: run scripts/readme-pictures.sh\n`)
    }
    return stale.length === 0 ? 0 : 1
  }
  writeFileSync(svgFile, svg)
  const chromium = await launchChromium()
  try {
    const shown = await chromium.renderPage(html)
    const shot = path.join(mkdtempSync(path.join(os.tmpdir(), 'care-label-pictures-')), 'shot.png')
    await shown.screenshot(shot)
    writeFileSync(pngFile, withText(readFileSync(shot), KEYWORD, sha256(html)))
    await shown.close()
  } finally {
    await chromium.close()
  }
  process.stderr.write(`Wrote ${svgFile} and ${pngFile}\n`)
  return 0
}

main(process.argv.includes('--check')).then(
  code => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(2)
  }
)
