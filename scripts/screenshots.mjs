#!/usr/bin/env node
// Pictures of the HTML report for the documentation: docs/report-pass.png and
// docs/report-fail.png, taken by headless Chromium. By default from the golden reports in
// test/fixtures/golden (the unit tests render those from the sources: UPDATE_GOLDEN=1 npm run
// test:unit rewrites them), so taking them needs no MLflow run; scripts/demo-screenshots.sh
// passes the demo's own passing and failing reports instead.
//
// Usage: node scripts/screenshots.mjs [PASS.html FAIL.html] (Node 24, which reads the TypeScript
// test helper as is).
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../test/support/chromium.ts'

const root = new URL('../', import.meta.url)
const [passHtml, failHtml] = process.argv.slice(2)
const golden = name => new URL(`test/fixtures/golden/${name}`, root)
const SHOTS = [
  [passHtml ?? golden('report-pass.html'), 'report-pass.png'],
  [failHtml ?? golden('report-fail.html'), 'report-fail.png']
]

execFileSync(fileURLToPath(new URL('scripts/ensure-chromium.sh', root)), { stdio: 'inherit' })
mkdirSync(new URL('docs/', root), { recursive: true })
const chromium = await launchChromium()
try {
  for (const [from, to] of SHOTS) {
    const html = readFileSync(from, 'utf8')
    const page = await chromium.renderPage(html)
    try {
      // A picture of a page that broke would be worse than none.
      const problems = [...page.consoleErrors, ...page.pageErrors, ...page.failedRequests]
      if (problems.length > 0) throw new Error(`${from}: ${problems.join('; ')}`)
      await page.screenshot(fileURLToPath(new URL(`docs/${to}`, root)))
      console.log(`docs/${to}`)
    } finally {
      await page.close()
    }
  }
} finally {
  await chromium.close()
}
