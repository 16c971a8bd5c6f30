/** The names of the workflow artifacts this action uploads. Pure. */

/** Report bundles are named with this prefix and the report key. */
export const BUNDLE_PREFIX = 'care-label-report-'

/** An artifact name from free text: the characters GitHub refuses become '-'. */
export function artifactNameFrom(text: string): string {
  return text.replace(/[":<>|*?\\/\r\n\s]+/g, '-').slice(0, 200) || 'care-label'
}
