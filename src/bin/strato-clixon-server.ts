#!/usr/bin/env node
// src/bin/strato-clixon-server.ts — the strato-clixon-server command: ServiceRunner as a drop-in for clixon_server.py.
import { runServiceCli } from '../netconf/service-cli-run.js'

void runServiceCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`strato-clixon-server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exitCode = 1
  },
)
