// test/infra/store-file-child.ts — a separate process for store-file.test.ts: `count <dir> <id> <n>` increments a counter
// under withLock n times; `hold <dir> <id>` takes the lock, prints "locked" and waits to be killed.
import { FileStore } from '../../src/infra/store-file.js'

const [mode, dir, id, n] = process.argv.slice(2)
const store = new FileStore(dir!)
if (mode === 'count') {
  for (let i = 0; i < Number(n); i++) {
    await store.withLock(
      id!,
      async () => {
        const state = await store.getState(id!)
        if (!state) throw new Error('no state')
        state.targets.counter = (state.targets.counter ?? 0) + 1
        await store.putState(id!, state)
      },
      { waitMs: 60_000 },
    )
  }
} else if (mode === 'hold') {
  await store.withLock(
    id!,
    async () => {
      process.stdout.write('locked\n')
      await new Promise(() => setInterval(() => undefined, 1_000)) // until SIGKILL
    },
    { ttlMs: 600_000 },
  )
} else {
  throw new Error(`unknown mode ${mode}`)
}
