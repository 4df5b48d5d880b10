// src/testing/nova-actions-image.ts — server actions that change flavor, image or secrets: resize, rebuild, createImage, rescue, passwords, VNC.
import { randomUUID } from 'node:crypto'
import type { NovaActionSpec } from './nova-action-spec.js'
import { invalidInput, isObject, novaEmpty, novaJson, pyRepr } from './nova-http.js'
import { taskSteps } from './nova-lifecycle.js'
import { generatePassword } from './nova-server-create.js'
import { serverDetail } from './nova-server-view.js'
import { POWER } from './nova-states.js'
import type { NovaImage } from './nova-types.js'
import { checkAdditional, checkMetadata, checkName, checkRequired, checkString, isBase64, refId } from './nova-validate.js'

const objectArg = (action: string, arg: unknown, required: string[]): string | undefined => {
  if (!isObject(arg)) return invalidInput(action, arg, `${pyRepr(arg)} is not of type 'object'`)
  return checkRequired(arg, action, required)
}

const resize: NovaActionSpec = {
  name: 'resize',
  vmStates: ['active', 'stopped'],
  validate: (_ctx, arg) => objectArg('resize', arg, ['flavorRef']),
  run: (ctx, server, arg) => {
    const { flavorRef } = arg as { flavorRef: unknown }
    const flavor = typeof flavorRef === 'string' || typeof flavorRef === 'number' ? ctx.state.flavors.get(refId(String(flavorRef))) : undefined
    if (!flavor || (flavor.disabled && flavor.id !== server.flavorId)) return ctx.fail(400, `Flavor ${String(flavorRef)} could not be found.`)
    // CannotResizeToSameFlavor's text, as Nova words it since 2016
    if (flavor.id === server.flavorId) return ctx.fail(400, 'When resizing, instances must change flavor!')
    const old = ctx.state.flavors.get(server.flavorId)
    const quota = ctx.state.quotaFor(server.projectId)
    const used = ctx.state.usage(server.projectId)
    // an upsize is checked for its deltas; Nova names every resource over quota (TooManyInstances)
    const deltas = { cores: flavor.vcpus - (old?.vcpus ?? 0), ram: flavor.ram - (old?.ram ?? 0) }
    const overs = (['cores', 'ram'] as const).filter((r) => deltas[r] > 0 && quota[r] >= 0 && used[r] + deltas[r] > quota[r])
    if (overs.length > 0) {
      const list = (f: (r: (typeof overs)[number]) => string | number): string => overs.map(f).join(', ')
      return ctx.fail(403, `Quota exceeded for ${list((r) => r)}: Requested ${list((r) => deltas[r])}, but already used ${list((r) => used[r])} of ${list((r) => quota[r])} ${list((r) => r)}`)
    }
    ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, 'resize_prep', {
      vmState: 'resized',
      change: (s) => {
        s.oldFlavorId = s.flavorId
        s.flavorId = flavor.id
      },
    }))
    return novaEmpty(202)
  },
}

const confirmResize: NovaActionSpec = {
  name: 'confirmResize',
  vmStates: ['resized'],
  run: (ctx, server) => {
    Object.assign(server, { vmState: server.powerState === POWER.RUNNING ? 'active' : 'stopped', oldFlavorId: undefined, updatedAt: ctx.state.now() })
    return novaEmpty(204)
  },
}

const revertResize: NovaActionSpec = {
  name: 'revertResize',
  vmStates: ['resized'],
  run: (ctx, server) => {
    const wasRunning = server.powerState === POWER.RUNNING
    ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, 'resize_reverting', {
      vmState: wasRunning ? 'active' : 'stopped',
      change: (s) => {
        s.flavorId = s.oldFlavorId ?? s.flavorId
        s.oldFlavorId = undefined
      },
    }))
    return novaEmpty(202)
  },
}

const rebuild: NovaActionSpec = {
  name: 'rebuild',
  vmStates: ['active', 'stopped', 'error'],
  validate: (ctx, arg) => {
    const missing = objectArg('rebuild', arg, ['imageRef'])
    if (missing) return missing
    const a = arg as Record<string, unknown>
    const allowed = ['imageRef', 'name', 'adminPass', 'metadata', 'preserve_ephemeral', 'OS-DCF:diskConfig', 'accessIPv4', 'accessIPv6']
    if (!ctx.mv.atLeast('2.57')) allowed.push('personality')
    if (ctx.mv.atLeast('2.19')) allowed.push('description')
    if (ctx.mv.atLeast('2.54')) allowed.push('key_name')
    if (ctx.mv.atLeast('2.57')) allowed.push('user_data')
    if (ctx.mv.atLeast('2.63')) allowed.push('trusted_image_certificates')
    if (ctx.mv.atLeast('2.90')) allowed.push('hostname')
    if (a.user_data !== undefined && a.user_data !== null && (typeof a.user_data !== 'string' || !isBase64(a.user_data))) {
      return invalidInput('user_data', a.user_data, `${pyRepr(a.user_data)} is not a 'base64'`)
    }
    return (
      checkAdditional(a, 'rebuild', allowed) ??
      (typeof a.imageRef === 'string' ? undefined : invalidInput('imageRef', a.imageRef, `${pyRepr(a.imageRef)} is not of type 'string'`)) ??
      (a.name !== undefined ? checkName(a.name) : undefined) ??
      (a.metadata !== undefined ? checkMetadata(a.metadata) : undefined) ??
      checkString(a.adminPass, 'adminPass') ??
      checkString(a.description, 'description', 255, true)
    )
  },
  run: (ctx, server, arg) => {
    const a = arg as Record<string, unknown> & { imageRef: string }
    const image = ctx.state.findImage(refId(a.imageRef))
    if (!image || image.status !== 'active') return ctx.fail(400, 'Cannot find image for rebuild')
    const flavor = ctx.state.flavors.get(server.flavorId)
    if (flavor && flavor.ram < image.minRam) return ctx.fail(400, "Flavor's memory is too small for requested image.")
    if (a.key_name !== undefined && a.key_name !== null && !ctx.state.keypairs.some((k) => k.userId === server.userId && k.name === a.key_name)) {
      return ctx.fail(400, `Invalid key_name provided.`)
    }
    const adminPass = typeof a.adminPass === 'string' ? a.adminPass : generatePassword()
    Object.assign(server, {
      imageId: image.id,
      adminPass,
      ...(typeof a.name === 'string' ? { name: a.name } : {}),
      ...(isObject(a.metadata) ? { metadata: { ...(a.metadata as Record<string, string>) } } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.key_name !== undefined ? { keyName: a.key_name } : {}),
      ...(a.user_data !== undefined ? { userData: a.user_data } : {}),
      ...(typeof a.hostname === 'string' ? { hostname: a.hostname } : {}),
      ...(typeof a.accessIPv4 === 'string' ? { accessIPv4: a.accessIPv4 } : {}),
      ...(typeof a.accessIPv6 === 'string' ? { accessIPv6: a.accessIPv6 } : {}),
    })
    const stopped = server.vmState === 'stopped'
    ctx.state.schedule(server, [
      ...taskSteps(ctx.config.actionDelayMs, 'rebuilding', stopped ? { vmState: 'stopped', powerState: POWER.SHUTDOWN } : { vmState: 'active', powerState: POWER.RUNNING, change: (s) => void (s.fault = null) }),
    ])
    const view = { ...serverDetail(ctx, server), adminPass }
    return novaJson({ server: view }, 202, { Location: ctx.links('servers', server.id)[0]!.href })
  },
}

const createImage: NovaActionSpec = {
  name: 'createImage',
  vmStates: ['active', 'stopped', 'paused', 'suspended'],
  lock: false,
  validate: (_ctx, arg) => {
    const missing = objectArg('createImage', arg, ['name'])
    if (missing) return missing
    const a = arg as Record<string, unknown>
    return checkAdditional(a, 'createImage', ['name', 'metadata']) ?? checkName(a.name) ?? (a.metadata !== undefined ? checkMetadata(a.metadata) : undefined)
  },
  run: (ctx, server, arg) => {
    const imageId = randomUUID()
    const image: NovaImage = { id: imageId, name: (arg as { name: string }).name, status: 'queued', minDisk: ctx.state.flavors.get(server.flavorId)?.disk ?? 0, minRam: 0, serverId: server.id }
    ctx.state.images.set(imageId, image)
    ctx.state.schedule(server, [
      { afterMs: 0, apply: (s) => void (s.taskState = 'image_snapshot') },
      {
        afterMs: ctx.config.actionDelayMs / 2,
        apply: (s) => {
          s.taskState = 'image_uploading'
          image.status = 'saving'
        },
      },
      {
        afterMs: ctx.config.actionDelayMs,
        apply: (s) => {
          s.taskState = null
          image.status = 'active'
        },
      },
    ])
    if (ctx.mv.atLeast('2.45')) return novaJson({ image_id: imageId }, 202)
    return novaEmpty(202, { Location: `${ctx.url.origin}/image/images/${imageId}` })
  },
}

const changePassword: NovaActionSpec = {
  name: 'changePassword',
  vmStates: ['active'],
  validate: (_ctx, arg) => objectArg('changePassword', arg, ['adminPass']) ?? checkString((arg as { adminPass: unknown }).adminPass, 'adminPass'),
  run: (ctx, server, arg) => {
    const adminPass = (arg as { adminPass: string }).adminPass
    ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, 'updating_password', { change: (s) => void (s.adminPass = adminPass) }))
    return novaEmpty(202)
  },
}

const rescue: NovaActionSpec = {
  name: 'rescue',
  vmStates: ['active', 'stopped', 'error'],
  validate: (_ctx, arg) => {
    if (arg === null || arg === undefined) return undefined
    if (!isObject(arg)) return invalidInput('rescue', arg, `${pyRepr(arg)} is not of type 'object', 'null'`)
    return checkAdditional(arg, 'rescue', ['adminPass', 'rescue_image_ref']) ?? checkString(arg.adminPass, 'adminPass')
  },
  run: (ctx, server, arg) => {
    const ref = isObject(arg) && typeof arg.rescue_image_ref === 'string' ? arg.rescue_image_ref : undefined
    if (ref !== undefined && !ctx.state.findImage(refId(ref))) return ctx.fail(400, `Image ${ref} could not be found.`)
    const adminPass = isObject(arg) && typeof arg.adminPass === 'string' ? arg.adminPass : generatePassword()
    ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, 'rescuing', { vmState: 'rescued', powerState: POWER.RUNNING }))
    return novaJson({ adminPass })
  },
}

const getVncConsole: NovaActionSpec = {
  name: 'os-getVNCConsole',
  vmStates: null,
  taskStates: null,
  lock: false,
  max: '2.5',
  validate: (_ctx, arg) => {
    const missing = objectArg('os-getVNCConsole', arg, ['type'])
    if (missing) return missing
    const { type } = arg as { type: unknown }
    return type === 'novnc' || type === 'xvpvnc' ? undefined : invalidInput('type', type, `${pyRepr(type)} is not one of ['novnc', 'xvpvnc']`)
  },
  run: (ctx, server, arg) => {
    if (server.vmState !== 'active' || !server.host) return ctx.fail(409, `Instance ${server.id} is not ready`)
    const { type } = arg as { type: string }
    if (type !== 'novnc') return ctx.fail(400, `Unavailable console type ${type}.`)
    return novaJson({ console: { type, url: vncUrl() } })
  },
}

/**
 * A noVNC URL as Nova's console proxy hands out (a fresh token each time).
 * @example vncUrl() // 'http://127.0.0.1:6080/vnc_lite.html?path=%3Ftoken%3D…'
 */
export function vncUrl(): string {
  return `http://127.0.0.1:6080/vnc_lite.html?path=${encodeURIComponent(`?token=${randomUUID()}`)}`
}

/** The flavor, image, password and console actions, by body key. */
export const IMAGE_ACTIONS: Record<string, NovaActionSpec> = {
  resize,
  confirmResize,
  revertResize,
  rebuild,
  createImage,
  changePassword,
  rescue,
  'os-getVNCConsole': getVncConsole,
}
