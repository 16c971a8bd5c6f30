/**
 * The CLI's entry: it checks the Node version before anything else is loaded (the stores use
 * `node:sqlite`, built into Node 24), then runs the CLI.
 */
const [major = 0] = process.versions.node.split('.').map(Number)
if (major < 24) {
  process.stderr.write(
    `error: care-label needs Node 24 or newer, and this is Node ${process.versions.node}. Run it as 'npm run cli -- …' from the repository (it brings Node 24), or install Node 24.\n`
  )
  process.exitCode = 2
} else {
  const { main } = await import('./run-cli.js')
  process.exitCode = await main(process.argv.slice(2))
}
