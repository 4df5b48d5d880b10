// test/infra/sigint-child.ts — a deploy script as users write one: Ctrl-C (SIGINT) while it builds must roll back; run by sigint.test.ts.
import { abortOnInterrupt, DeployError, InfraManager, MemoryStore, type ResourceHandler } from '../../src/infra/index.js'

const live = new Set<string>()
const slow: ResourceHandler<{ id: string }> = {
  async create(ctx) {
    const id = ctx.nodeId
    live.add(id)
    await ctx.created({ id })
    process.stdout.write(`created ${id}\n`) // the parent sends SIGINT once it sees this
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, 30_000)
      ctx.signal.addEventListener('abort', () => (clearTimeout(t), reject(ctx.signal.reason)), { once: true })
    })
    return { ref: { id } }
  },
  delete: async (ref) => void live.delete(ref.id),
}
const manager = new InfraManager({ store: new MemoryStore(), handlers: { slow: slow as ResourceHandler }, nodeDefinitions: { n: [{ resource: { type: 'slow' } }] } })
const interrupt = abortOnInterrupt()
try {
  await manager.deploy({ infra_name: 'sigint', user_id: 't', nodes: [{ name: 'a', type: 'n', scaling: { min: 3 } }] }, { parallel: true, signal: interrupt.signal })
  process.stdout.write('deployed\n')
} catch (e) {
  if (!(e instanceof DeployError)) throw e
  process.stdout.write(`${JSON.stringify({ aborted: e.report.aborted, rolledBack: e.report.rolledBack.length, live: live.size })}\n`)
  process.exitCode = 1
} finally {
  interrupt.dispose()
}
