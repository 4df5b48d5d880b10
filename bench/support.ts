// bench/support.ts — what the benchmarks share: a file of random bytes, and running a command for its output.
import { spawn } from 'node:child_process'
import { randomFillSync } from 'node:crypto'
import { open } from 'node:fs/promises'

const MiB = 1024 * 1024

/** Writes `size` random bytes to `path`, 16 MiB at a time (random, so no layer can compress or dedupe them). */
export async function makeRandomFile(path: string, size: number): Promise<void> {
  const fh = await open(path, 'w')
  const buf = new Uint8Array(16 * MiB)
  try {
    for (let done = 0; done < size; done += buf.length) {
      randomFillSync(buf)
      await fh.write(buf, 0, Math.min(buf.length, size - done))
    }
  } finally {
    await fh.close()
  }
}

/** Runs a command; resolves with its stdout, rejects with the tail of its stderr when it fails. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`))))
  })
}
