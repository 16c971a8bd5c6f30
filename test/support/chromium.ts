/**
 * Headless Chromium for tests that render our HTML: Debian's `chromium` package (installed by
 * scripts/ensure-chromium.sh) driven by puppeteer-core over a pipe. Each page is written to a
 * temporary file and opened from its file:// URL, the way someone opens the downloaded report;
 * any other request is aborted and counted, so a self-contained page makes none.
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import puppeteer, { type Page } from 'puppeteer-core'

export interface RenderedPage {
  /** Console messages of type error (CSP violations among them). */
  consoleErrors: string[]
  /** Uncaught exceptions in the page. */
  pageErrors: string[]
  /** Requests that failed, with every request other than the page itself (aborted). */
  failedRequests: string[]
  /** alert/confirm/prompt dialogs the page opened (dismissed). */
  dialogs: string[]
  /**
   * Evaluates a JavaScript expression in the page and returns its JSON-serialisable value,
   * unchecked: compare it with `toEqual` rather than trusting a type.
   */
  evaluate(expression: string): Promise<unknown>
  /** Writes a full-page PNG. */
  screenshot(file: string): Promise<void>
  close(): Promise<void>
}

export interface Chromium {
  /**
   * Loads `content` as a page (an .html file, or an .svg file that Chromium parses as XML) and
   * waits for its load event.
   */
  renderPage(content: string, options?: { type?: 'html' | 'svg' }): Promise<RenderedPage>
  close(): Promise<void>
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * The Chromium binary: $CHROMIUM_PATH, else Debian's real binary (behind the /usr/bin/chromium
 * launcher script, which adds extension flags and warnings a test does not want), else
 * `chromium` or `chromium-browser` on PATH.
 */
export function findChromium(): string {
  const fromEnv = process.env['CHROMIUM_PATH']
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`)
  }
  if (isExecutable('/usr/lib/chromium/chromium')) return '/usr/lib/chromium/chromium'
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean)
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of dirs) {
      const file = path.join(dir, name)
      if (isExecutable(file)) return file
    }
  }
  throw new Error(
    'Chromium not found: run scripts/ensure-chromium.sh (Debian package `chromium`) or set CHROMIUM_PATH'
  )
}

type Seen = Pick<RenderedPage, 'consoleErrors' | 'pageErrors' | 'failedRequests' | 'dialogs'>

/** Records what went wrong on `page`, and aborts every request other than `pageUrl`. */
function watch(page: Page, pageUrl: string): Seen {
  const seen: Seen = { consoleErrors: [], pageErrors: [], failedRequests: [], dialogs: [] }
  page.on('console', message => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text())
  })
  page.on('pageerror', error => {
    seen.pageErrors.push(error instanceof Error ? error.message : String(error))
  })
  page.on('requestfailed', request => {
    seen.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`)
  })
  page.on('request', request => {
    const url = request.url()
    if (url === pageUrl || url.startsWith('data:')) void request.continue()
    else void request.abort('blockedbyclient')
  })
  page.on('dialog', dialog => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return seen
}

/** Starts headless Chromium; close it when done (afterAll). */
export async function launchChromium(): Promise<Chromium> {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true, // --headless=new
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 30000
  })
  const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-chromium-'))
  let pages = 0

  return {
    async renderPage(content, { type = 'html' } = {}) {
      const file = path.join(dir, `page-${++pages}.${type}`)
      writeFileSync(file, content)
      const url = pathToFileURL(file).href
      const page = await browser.newPage()
      await page.setRequestInterception(true)
      const seen = watch(page, url)
      await page.goto(url, { waitUntil: 'load', timeout: 15000 })
      // One frame after load, so layout and anything the load event set off have run.
      await page.evaluate('new Promise(resolve => requestAnimationFrame(() => resolve(null)))')
      return {
        ...seen,
        evaluate: expression => page.evaluate(expression),
        async screenshot(out) {
          writeFileSync(out, await page.screenshot({ type: 'png', fullPage: true }))
        },
        close: () => page.close()
      }
    },
    async close() {
      await browser.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
