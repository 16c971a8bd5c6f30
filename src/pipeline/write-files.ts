/**
 * Step 9: the report's files in the output directory: report.json (what the publish stage
 * reads), the SVG label and the HTML report with its charts. report.md is written with the
 * comment, once the bundle's page is known (see write-comment).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { toJson } from '../core/report/build.js'
import type { Report } from '../core/report/types.js'
import { renderHtml, type HistoryChart } from '../core/render/html.js'
import { renderMarkdown } from '../core/render/markdown.js'
import { renderLabelSvg } from '../core/render/svg.js'

export interface ReportFiles {
  json: string
  svg: string
  html: string
  markdown: string
}

export function reportFiles(outputDir: string): ReportFiles {
  return {
    json: path.join(outputDir, 'report.json'),
    svg: path.join(outputDir, 'care-label.svg'),
    html: path.join(outputDir, 'report.html'),
    markdown: path.join(outputDir, 'report.md')
  }
}

/**
 * Writes report.json, care-label.svg and report.html (with `charts`, drawn once beforehand for
 * every copy of the report); returns the paths of all four files.
 */
export function writeReportFiles(
  outputDir: string,
  report: Report,
  charts: ReadonlyMap<string, HistoryChart>
): ReportFiles {
  const files = reportFiles(outputDir)
  mkdirSync(outputDir, { recursive: true })
  writeFileSync(files.json, `${toJson(report)}\n`)
  writeFileSync(files.svg, renderLabelSvg(report))
  writeFileSync(files.html, renderHtml(report, charts))
  return files
}

/** Renders the comment (the one Markdown rendering) and writes it as report.md. */
export function writeComment(files: ReportFiles, report: Report): string {
  const markdown = renderMarkdown(report)
  writeFileSync(files.markdown, markdown)
  return markdown
}
