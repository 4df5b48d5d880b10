// src/image/members.ts — image.members: the projects an image is shared with, and their answers.
import { InputError } from '../core/errors.js'
import { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import { parseResponse } from '../core/validation.js'
import type { ImageClient } from './client.js'
import { checkId } from './ids.js'
import { MemberListSchema, MemberSchema, type ImageMember, type MemberStatus } from './schemas.js'

const STATUSES: readonly string[] = ['accepted', 'rejected', 'pending']

/** Per-call options of the member verbs. @example { signal: AbortSignal.timeout(10_000) } */
export interface MemberCallOptions {
  signal?: AbortSignal
}

/**
 * `image.members`: sharing an image (visibility `shared`) with other projects. The owner adds
 * and removes members; each member accepts or rejects with `updateStatus`.
 * @example
 * await image.members.add(imageId, projectId)
 * await image.members.updateStatus(imageId, projectId, 'accepted') // as the member project
 */
export class MembersApi {
  readonly #client: ImageClient
  constructor(client: ImageClient) {
    this.#client = client
  }

  /**
   * The image's members (Glance sends them in one page).
   * @example for await (const m of image.members.list(imageId)) console.log(m.member_id, m.status)
   */
  list(imageId: string, opts: MemberCallOptions = {}): Paginator<ImageMember> {
    return Paginator.from<ImageMember, never>(async (_cursor, signal) => {
      checkId(imageId, 'image id')
      const res = await this.#client.get(path`/images/${imageId}/members`, signal ? { signal } : {})
      const body = parseResponse(MemberListSchema, await res.json(), { method: 'GET', url: res.url })
      return { items: body.members as ImageMember[] }
    }, opts.signal ? { signal: opts.signal } : {})
  }

  /**
   * Shares the image with a project; the member starts `pending`.
   * @example const m = await image.members.add(imageId, 'b7e0…')
   */
  async add(imageId: string, member: string, opts: MemberCallOptions = {}): Promise<ImageMember> {
    checkId(imageId, 'image id')
    checkId(member, 'member')
    const res = await this.#client.post(path`/images/${imageId}/members`, { json: { member }, expect: [200], ...signalOf(opts) })
    return parseResponse(MemberSchema, await res.json(), { method: 'POST', url: res.url }) as ImageMember
  }

  /**
   * One member. Rejects with NotFoundError when the project is not a member.
   * @example (await image.members.get(imageId, projectId)).status // 'accepted'
   */
  async get(imageId: string, member: string, opts: MemberCallOptions = {}): Promise<ImageMember> {
    checkId(imageId, 'image id')
    checkId(member, 'member')
    const res = await this.#client.get(path`/images/${imageId}/members/${member}`, signalOf(opts))
    return parseResponse(MemberSchema, await res.json(), { method: 'GET', url: res.url }) as ImageMember
  }

  /**
   * A member's answer: `accepted` lists the image for the member project, `rejected` hides it,
   * `pending` undecided.
   * @example await image.members.updateStatus(imageId, myProjectId, 'accepted')
   */
  async updateStatus(imageId: string, member: string, status: MemberStatus, opts: MemberCallOptions = {}): Promise<ImageMember> {
    checkId(imageId, 'image id')
    checkId(member, 'member')
    if (!STATUSES.includes(status)) throw new InputError(`status must be accepted, rejected or pending, got ${JSON.stringify(status)}`)
    const res = await this.#client.put(path`/images/${imageId}/members/${member}`, { json: { status }, expect: [200], ...signalOf(opts) })
    return parseResponse(MemberSchema, await res.json(), { method: 'PUT', url: res.url }) as ImageMember
  }

  /**
   * Stops sharing the image with a project.
   * @example await image.members.remove(imageId, projectId)
   */
  async remove(imageId: string, member: string, opts: MemberCallOptions = {}): Promise<void> {
    checkId(imageId, 'image id')
    checkId(member, 'member')
    const res = await this.#client.delete(path`/images/${imageId}/members/${member}`, { expect: [204], ...signalOf(opts) })
    await res.discard()
  }
}

function signalOf(opts: MemberCallOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {}
}
