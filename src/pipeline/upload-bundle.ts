/**
 * Step 10: the report bundle as a workflow artifact: what a reviewer downloads, and what the
 * publish stage of a fork's pull request posts (it renders the comment itself from report.json).
 */
import { artifactNameFrom, BUNDLE_PREFIX } from '../core/names.js'
import { errorMessage } from '../errors.js'
import type { ArtifactStore } from '../ports.js'
import type { Notes } from './notes.js'
import type { ReportFiles } from './write-files.js'

/** Uploads the bundle of report `key`; returns its page, or undefined (with a note) on failure. */
export async function uploadBundle(
  artifacts: ArtifactStore,
  key: string,
  files: ReportFiles,
  outputDir: string,
  notes: Notes
): Promise<string | undefined> {
  try {
    return await artifacts.uploadFiles(
      `${BUNDLE_PREFIX}${artifactNameFrom(key)}`,
      [files.json, files.svg, files.html],
      outputDir
    )
  } catch (error) {
    notes.warn(`Could not upload the report files: ${errorMessage(error)}`)
    return undefined
  }
}
