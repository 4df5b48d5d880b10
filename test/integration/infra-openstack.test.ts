// test/integration/infra-openstack.test.ts — InfraManager on the real Swift and Glance: containers and images deployed with
// the built-in handlers, a failure injected at every step k, and each time nothing left behind (counted on the servers).
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtinHandlers, DeployError, InfraManager, MemoryStore, type ResourceHandler, type ResourceHandlers } from '../../src/infra/index.js'
import { glanceClient, type GlanceFixture } from './support/glance.js'
import { swiftClient, unique, type SwiftFixture } from './support/swift.js'

describe('InfraManager on the real Swift and Glance', () => {
  let swift: SwiftFixture
  let glance: GlanceFixture
  const dir = mkdtempSync(join(tmpdir(), 'strato-infra-os-'))
  const disk = join(dir, 'disk.img')

  beforeAll(async () => {
    swift = await swiftClient('keystone')
    glance = await glanceClient('demo')
    writeFileSync(disk, new Uint8Array(256 * 1024).fill(7))
  })
  afterAll(async () => {
    await swift?.close()
    await glance?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Containers and images carrying this run's tag, as the servers list them. */
  async function count(tag: string): Promise<number> {
    const containers = (await swift.storage.containers.list({ prefix: tag }).toArray()).length
    const images = (await glance.image.images.list().toArray()).filter((i) => i.name?.startsWith(tag)).length
    return containers + images
  }

  /** Built-in handlers, each wrapped so that the k-th create (over all of them) fails after the resource exists. */
  function failingAt(k: number | undefined): ResourceHandlers {
    let step = 0
    const wrap = (h: ResourceHandler): ResourceHandler => ({
      ...h,
      async create(ctx) {
        const mine = ++step
        const made = await h.create(ctx)
        if (mine === k) throw new Error(`injected failure after creating step ${k}`)
        return made
      },
    })
    const all = builtinHandlers({ pollIntervalMs: 100 })
    return { 'storage.container': wrap(all['storage.container']!), 'image.image': wrap(all['image.image']!) }
  }

  function description(tag: string): object {
    return {
      infra_name: 'os-rollback',
      user_id: 'tester',
      variables: { tag },
      nodes: [
        { name: 'assets', type: 'bucket' },
        { name: 'logs', type: 'bucket' },
        { name: 'disk', type: 'disk', scaling: { min: 2, max: 2 } },
      ],
      dependencies: [['disk', 'assets']],
    }
  }
  const nodeDefinitions = {
    bucket: [{ resource: { type: 'storage.container', name: '{{variables.tag}}-{{node_id}}' } }],
    disk: [{ resource: { type: 'image.image', name: '{{variables.tag}}-{{node_id}}', disk_format: 'raw', container_format: 'bare', file: disk } }],
  }
  const N = 4

  it('deploys two containers and two uploaded images, then destroys them', async () => {
    const tag = unique('infra')
    const manager = new InfraManager({ store: new MemoryStore(), clients: { storage: swift.storage, image: glance.image }, handlers: failingAt(undefined), nodeDefinitions })
    const { infraId, nodes } = await manager.deploy(description(tag), { parallel: true })
    expect(Object.values(nodes).flat()).toHaveLength(N)
    expect(await count(tag)).toBe(N)
    const image = await glance.image.images.get((nodes['disk']![0]!.ref as { id: string }).id)
    expect(image).toMatchObject({ status: 'active', size: 256 * 1024 })
    expect((await manager.destroy(infraId)).leftovers).toEqual([])
    expect(await count(tag)).toBe(0)
  })

  for (let k = 1; k <= N; k++) {
    it(`a failure at step ${k} of ${N} leaves no container and no image behind`, async () => {
      const tag = unique(`infra${k}`)
      const store = new MemoryStore()
      const manager = new InfraManager({ store, clients: { storage: swift.storage, image: glance.image }, handlers: failingAt(k), nodeDefinitions })
      const error = (await manager.deploy(description(tag)).catch((e: unknown) => e)) as DeployError
      expect(error).toBeInstanceOf(DeployError)
      expect(error.report.reason).toContain(`step ${k}`)
      expect(error.report.leftovers).toEqual([])
      expect(error.report.rolledBack).toHaveLength(k)
      expect(await count(tag)).toBe(0)
      const [infraId] = await store.listInfras()
      expect((await store.getState(infraId as string))?.status).toBe('rolled-back')
    })
  }
})
