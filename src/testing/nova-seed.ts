// src/testing/nova-seed.ts — what a fresh devstack's Nova has: the m1.* flavors and a cirros image (plus a larger one).
import type { NovaFlavor, NovaImage } from './nova-types.js'
import type { NovaState } from './nova-store.js'

/** Id of the seeded cirros image (`cirros-0.6.2-x86_64-disk`, no minimums). */
export const CIRROS_IMAGE_ID = '4bd6b5b8-7a9a-4a1c-9d0b-3c1e0f6f2a10'
/** Id of the seeded `ubuntu-22.04` image (min_disk 3 GiB, min_ram 512 MiB). */
export const UBUNTU_IMAGE_ID = 'a6e2c1f4-1d0e-4c6b-8a5a-7f3e2b9d8c21'

const flavor = (id: string, name: string, ram: number, disk: number, vcpus: number, extraSpecs: Record<string, string> = {}): NovaFlavor => ({
  id,
  name,
  ram,
  disk,
  vcpus,
  ephemeral: 0,
  swap: 0,
  rxtxFactor: 1,
  isPublic: true,
  disabled: false,
  description: null,
  extraSpecs,
})

/**
 * devstack's flavors: m1.tiny … m1.xlarge (ids 1–5) and tempest's m1.nano (42) and m1.micro (84).
 * @example defaultFlavors().map((f) => f.name)
 */
export function defaultFlavors(): NovaFlavor[] {
  return [
    flavor('1', 'm1.tiny', 512, 1, 1),
    flavor('2', 'm1.small', 2048, 20, 1),
    flavor('3', 'm1.medium', 4096, 40, 2, { 'hw:cpu_policy': 'shared' }),
    flavor('4', 'm1.large', 8192, 80, 4, { 'hw:cpu_policy': 'shared', 'hw:mem_page_size': 'any' }),
    flavor('5', 'm1.xlarge', 16384, 160, 8, { 'hw:cpu_policy': 'shared', 'hw:mem_page_size': 'any' }),
    flavor('42', 'm1.nano', 128, 1, 1, { 'hw_rng:allowed': 'True' }),
    flavor('84', 'm1.micro', 192, 1, 1, { 'hw_rng:allowed': 'True' }),
  ]
}

/**
 * The images the seeded fake knows.
 * @example defaultImages()[0]!.name // 'cirros-0.6.2-x86_64-disk'
 */
export function defaultImages(): NovaImage[] {
  return [
    { id: CIRROS_IMAGE_ID, name: 'cirros-0.6.2-x86_64-disk', status: 'active', minDisk: 0, minRam: 0 },
    { id: UBUNTU_IMAGE_ID, name: 'ubuntu-22.04', status: 'active', minDisk: 3, minRam: 512 },
  ]
}

/**
 * Seeds flavors and images into a state.
 * @example seedNova(state)
 */
export function seedNova(state: NovaState): void {
  for (const f of defaultFlavors()) state.flavors.set(f.id, f)
  for (const i of defaultImages()) state.images.set(i.id, i)
}
