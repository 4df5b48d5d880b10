// test/testing/fake-glance-list.test.ts — the fake Glance's listing (filters, sorting, pagination) and sharing between projects (members, visibility).
import { describe, expect, it } from 'vitest'
import { setupGlance, type Img } from './support/fake-glance.js'

const bytes = new TextEncoder().encode('hello world, glance!')

describe('fake Glance: listing', () => {
  async function seeded() {
    const s = await setupGlance()
    const made: Img[] = []
    for (const [name, extra] of [
      ['alpha', { tags: ['linux', 'small'], os_distro: 'ubuntu', disk_format: 'qcow2' }],
      ['beta', { tags: ['linux'], min_disk: 5 }],
      ['gamma', { tags: ['windows'], os_hidden: true }],
      ['delta', { tags: ['linux', 'small'], visibility: 'private' }],
    ] as const) {
      made.push(await s.create({ name, ...extra }))
      s.cloud.clock.advance(1_000)
    }
    await s.upload(made[1]!.id, bytes)
    return { ...s, made }
  }

  it('lists newest first, hides os_hidden images, and gives first/schema links', async () => {
    const { list } = await seeded()
    const all = await list('')
    expect(all.names).toEqual(['delta', 'beta', 'alpha'])
    expect([all.first, all.schema, all.next]).toEqual(['/v2/images', '/v2/schemas/images', undefined])
    expect((await list('?os_hidden=true')).names).toEqual(['gamma'])
    expect((await list('?sort=name:asc')).names).toEqual(['alpha', 'beta', 'delta'])
    expect((await list('?sort_key=name&sort_dir=desc')).names).toEqual(['delta', 'beta', 'alpha'])
    expect((await list('?sort=status:asc,name:desc')).names).toEqual(['beta', 'delta', 'alpha'])
  })

  it('filters by attributes, operators, tags (all of them), sizes, dates and custom properties', async () => {
    const { list, made } = await seeded()
    expect((await list('?name=beta')).names).toEqual(['beta'])
    expect((await list('?name=in:alpha,delta&sort=name:asc')).names).toEqual(['alpha', 'delta'])
    expect((await list('?status=active')).names).toEqual(['beta'])
    expect((await list('?tag=linux&tag=small')).names).toEqual(['delta', 'alpha'])
    expect((await list('?size_min=10&size_max=20')).names).toEqual(['beta'])
    expect((await list('?disk_format=qcow2')).names).toEqual(['alpha'])
    expect((await list('?visibility=private')).names).toEqual(['delta'])
    expect((await list('?os_distro=ubuntu')).names).toEqual(['alpha'])
    expect((await list('?min_disk=5')).names).toEqual(['beta'])
    const betaCreated = made[1]!.created_at as string // to the second: beta at or after it, alpha a second before
    expect((await list(`?created_at=lt:${betaCreated}`)).names).toEqual(['alpha'])
    expect((await list(`?created_at=gte:${betaCreated}&sort=name:asc`)).names).toEqual(['beta', 'delta'])
    expect((await list(`?id=in:${made[0]!.id},${made[3]!.id}`)).names).toEqual(['delta', 'alpha'])
  })

  it('pages with limit and marker; next and first keep the other parameters', async () => {
    const { list } = await seeded()
    const p1 = await list('?limit=2&sort=name:asc')
    expect(p1.names).toEqual(['alpha', 'beta'])
    expect(p1.first).toBe('/v2/images?limit=2&sort=name%3Aasc')
    expect(p1.next).toBe(`/v2/images?limit=2&sort=name%3Aasc&marker=${p1.images[1]!.id}`)
    const p2 = await list(p1.next!.slice('/v2/images'.length))
    expect(p2.names).toEqual(['delta'])
    expect(p2.next).toBeUndefined()
    const exact = await list(`?limit=1&sort=name:asc&marker=${p1.images[1]!.id}`)
    expect(exact.next).toBe(`/v2/images?limit=1&sort=name%3Aasc&marker=${exact.images[0]!.id}`) // a full page always has next
    expect((await list(exact.next!.slice('/v2/images'.length))).names).toEqual([])
  })

  it('refuses malformed queries with Glance’s messages', async () => {
    const { call } = await seeded()
    const msg = async (q: string) => {
      const r = await call('GET', `/v2/images${q}`, { headers: { accept: 'application/json' } })
      return [r.status, ((await r.json()) as { message: string }).message.split('<br')[0]]
    }
    expect(await msg('?limit=x')).toEqual([400, 'limit param must be an integer'])
    expect(await msg('?limit=-1')).toEqual([400, 'limit param must be positive'])
    expect(await msg('?sort_key=bogus')).toEqual([400, 'Invalid sort key: bogus. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.'])
    expect(await msg('?sort_dir=up')).toEqual([400, 'Invalid sort direction: up'])
    expect(await msg('?sort=name&sort_key=name')).toEqual([400, 'Old and new sorting syntax cannot be combined'])
    expect(await msg('?visibility=bogus')).toEqual([400, 'Invalid visibility value: bogus'])
    expect(await msg('?marker=nope')).toEqual([400, 'No image found with ID nope'])
    expect(await msg('?created_at=bogus:2000-01-01')).toEqual([400, 'Unable to filter on a unknown operator.'])
    expect(await msg('?created_at=gte:yesterday')).toEqual([400, 'Bad "created_at" query filter format. Use ISO 8601 DateTime notation.'])
    expect(await msg('?name=zz:x')).toEqual([400, "Unable to filter by unknown operator 'zz'."])
    expect(await msg('?os_hidden=maybe')).toEqual([400, "Invalid value 'maybe' for 'os_hidden' filter. Valid values are 'true' or 'false'."])
    expect(await msg('?member_status=bogus')).toEqual([400, 'Invalid status: bogus'])
    expect(await msg('?size_min=x')).toEqual([400, 'Unable to filter on a range with a non-numeric value.'])
  })
})

describe('fake Glance: sharing between projects', () => {
  it('shares a shared image: pending members see it but do not list it until they accept', async () => {
    const { create, call, list, show, bob } = await setupGlance()
    const img = await create({ name: 'shared-one' })
    expect((await call('GET', `/v2/images/${img.id}`, { token: bob })).status).toBe(404)
    const added = await call('POST', `/v2/images/${img.id}/members`, { json: { member: 'other-project-id' } })
    expect(added.status).toBe(200)
    expect(await added.json()).toMatchObject({ member_id: 'other-project-id', image_id: img.id, status: 'pending', schema: '/v2/schemas/member' })
    expect((await call('POST', `/v2/images/${img.id}/members`, { json: { member: 'other-project-id' } })).status).toBe(409)
    expect((await show(img.id, bob)).name).toBe('shared-one')
    expect((await list('', bob)).names).toEqual([])
    expect((await list('?member_status=pending', bob)).names).toEqual(['shared-one'])
    const ownerAnswers = await call('PUT', `/v2/images/${img.id}/members/other-project-id`, { json: { status: 'accepted' } })
    expect([ownerAnswers.status, await ownerAnswers.text()]).toEqual([403, expect.stringContaining(`Not allowed to update members for image ${img.id}.`)])
    const bad = await call('PUT', `/v2/images/${img.id}/members/other-project-id`, { json: { status: 'maybe' }, token: bob })
    expect(await bad.text()).toContain('Incorrect request: Status must be &quot;pending&quot;, &quot;accepted&quot; or &quot;rejected&quot;.')
    expect((await call('PUT', `/v2/images/${img.id}/members/other-project-id`, { json: { status: 'accepted' }, token: bob })).status).toBe(200)
    expect((await list('', bob)).names).toEqual(['shared-one'])
    expect((await list('?visibility=shared', bob)).names).toEqual(['shared-one'])
    expect((await call('PUT', `/v2/images/${img.id}/members/other-project-id`, { json: { status: 'rejected' }, token: bob })).status).toBe(200)
    expect((await list('', bob)).names).toEqual([])
    expect((await list('?member_status=all', bob)).names).toEqual(['shared-one'])
  })

  it('lets only the owner add and remove members; members see only their own membership', async () => {
    const { create, call, bob, cloud } = await setupGlance()
    cloud.keystone.addProject({ name: 'third', id: 'third-project-id' })
    const img = await create()
    await call('POST', `/v2/images/${img.id}/members`, { json: { member: 'other-project-id' } })
    await call('POST', `/v2/images/${img.id}/members`, { json: { member: 'third-project-id' } })
    const mine = (await (await call('GET', `/v2/images/${img.id}/members`)).json()) as { members: { member_id: string }[]; schema: string }
    expect([mine.members.map((m) => m.member_id).sort(), mine.schema]).toEqual([['other-project-id', 'third-project-id'], '/v2/schemas/members'])
    const theirs = (await (await call('GET', `/v2/images/${img.id}/members`, { token: bob })).json()) as { members: { member_id: string }[] }
    expect(theirs.members.map((m) => m.member_id)).toEqual(['other-project-id'])
    expect((await call('GET', `/v2/images/${img.id}/members/third-project-id`, { token: bob })).status).toBe(404)
    expect((await call('POST', `/v2/images/${img.id}/members`, { json: { member: 'x' }, token: bob })).status).toBe(403)
    expect((await call('DELETE', `/v2/images/${img.id}/members/other-project-id`, { token: bob })).status).toBe(403)
    expect((await call('DELETE', `/v2/images/${img.id}/members/other-project-id`)).status).toBe(204)
    expect((await call('GET', `/v2/images/${img.id}`, { token: bob })).status).toBe(404)
    expect(await (await call('GET', `/v2/images/${img.id}/members/other-project-id`)).text()).toContain(`other-project-id not found in the member list of the image ${img.id}.`)
  })

  it('has no members for private images; community images are visible but listed only on request', async () => {
    const { create, call, list, bob, admin } = await setupGlance()
    const priv = await create({ visibility: 'private' })
    const r = await call('POST', `/v2/images/${priv.id}/members`, { json: { member: 'other-project-id' } })
    expect([r.status, await r.text()]).toEqual([403, expect.stringContaining(`Not allowed to create members for image ${priv.id}.`)])
    expect(await (await call('GET', `/v2/images/${priv.id}/members`)).text()).toContain('Only shared images have members.')
    const community = await create({ name: 'comm', visibility: 'community' })
    expect((await call('GET', `/v2/images/${community.id}`, { token: bob })).status).toBe(200)
    expect((await list('', bob)).names).toEqual([])
    expect((await list('?visibility=community', bob)).names).toEqual(['comm'])
    const pub = (await (await call('POST', '/v2/images', { json: { name: 'pub', visibility: 'public' }, token: admin })).json()) as Img
    expect((await list('', bob)).names).toEqual(['pub'])
    expect((await list('?visibility=all', admin)).names.sort()).toEqual(['comm', null, 'pub'].sort() as string[])
    expect(pub.owner).toBe('admin-project-id')
  })
})
