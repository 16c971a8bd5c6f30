/**
 * GitHub's own Markdown parser (cmark-gfm, from the venv's `cmarkgfm`) with GitHub's extensions
 * (tables, autolinks, strikethrough, task lists, the tag filter) and raw HTML allowed, as GitHub
 * allows it before sanitising: what a comment's Markdown becomes on the page.
 */
import { runPython } from './python.js'

const RENDER = `
import json, sys, cmarkgfm
from cmarkgfm.cmark import Options
docs = json.load(sys.stdin)
out = [cmarkgfm.github_flavored_markdown_to_html(d, options=Options.CMARK_OPT_UNSAFE) for d in docs]
json.dump(out, sys.stdout)
`

/** Each Markdown document as GitHub's parser renders it to HTML, in one Python process. */
export function renderGfm(docs: string[]): string[] {
  return JSON.parse(runPython(RENDER, {}, JSON.stringify(docs))) as string[]
}

/** The text a reader sees in rendered HTML: tags dropped, the entities cmark writes decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
