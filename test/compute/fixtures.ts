// test/compute/fixtures.ts — Nova bodies written after the Compute API reference (api-ref/source/*.inc, doc/api_samples).
import { NOVA, ORIGIN, PROJECT } from './support.js'

export const SERVER_ID = '84e2b49d-39a9-4d32-9100-e62161c236db'
export const IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
export const GROUP_ID = 'f3d86fe6-4246-4be8-b87c-eb894626c741'

const links = (collection: string, id: string): { rel: string; href: string }[] => [
  { rel: 'self', href: `${NOVA}/${collection}/${id}` },
  { rel: 'bookmark', href: `${ORIGIN}/${PROJECT}/${collection}/${id}` },
]

/** A server as GET /servers/{id} shows it at 2.71 to an admin (after servers/v2.71/server-get-resp.json). */
export function serverBody(id = SERVER_ID, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'OS-DCF:diskConfig': 'AUTO',
    'OS-EXT-AZ:availability_zone': 'nova',
    'OS-EXT-SRV-ATTR:host': 'compute',
    'OS-EXT-SRV-ATTR:hostname': 'new-server-test',
    'OS-EXT-STS:power_state': 1,
    'OS-EXT-STS:task_state': null,
    'OS-EXT-STS:vm_state': 'active',
    'OS-SRV-USG:launched_at': '2019-02-28T03:16:19.600768',
    'OS-SRV-USG:terminated_at': null,
    accessIPv4: '1.2.3.4',
    accessIPv6: '80fe::',
    addresses: {
      private: [{ 'OS-EXT-IPS-MAC:mac_addr': '00:0c:29:0d:11:74', 'OS-EXT-IPS:type': 'fixed', addr: '192.168.1.30', version: 4 }],
    },
    config_drive: '',
    created: '2019-02-28T03:16:18Z',
    description: null,
    flavor: { disk: 1, ephemeral: 0, extra_specs: {}, original_name: 'm1.tiny', ram: 512, swap: 0, vcpus: 1 },
    hostId: '2091634baaccdc4c5a1d57069c833e402921df696b7f970791b12ec6',
    host_status: 'UP',
    id,
    image: { id: IMAGE_ID, links: [{ rel: 'bookmark', href: `${ORIGIN}/${PROJECT}/images/${IMAGE_ID}` }] },
    key_name: null,
    links: links('servers', id),
    locked: false,
    metadata: { 'My Server Name': 'Apache1' },
    name: 'new-server-test',
    'os-extended-volumes:volumes_attached': [],
    progress: 0,
    security_groups: [{ name: 'default' }],
    server_groups: [GROUP_ID],
    status: 'ACTIVE',
    tags: [],
    tenant_id: PROJECT,
    trusted_image_certificates: null,
    updated: '2019-02-28T03:16:19Z',
    user_id: 'admin',
    ...extra,
  }
}

/** The 202 answer of POST /servers (after servers/server-create-resp.json). */
export function createdBody(id = SERVER_ID): Record<string, unknown> {
  return { server: { 'OS-DCF:diskConfig': 'AUTO', adminPass: '6NpUwoz2QDRN', id, links: links('servers', id), security_groups: [{ name: 'default' }] } }
}

/** A flavor at 2.75 (after flavors/v2.75/flavor-get-resp.json). */
export function flavorBody(id: string, name: string, ram: number, disk: number, vcpus: number): Record<string, unknown> {
  return {
    'OS-FLV-DISABLED:disabled': false,
    disk,
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'os-flavor-access:is_public': true,
    id,
    links: links('flavors', id),
    name,
    ram,
    swap: 0,
    vcpus,
    rxtx_factor: 1.0,
    description: null,
    extra_specs: {},
  }
}

export const PUBLIC_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova'

/** A keypair (after os-keypairs/v2.2/keypairs-import-post-resp.json). */
export function keypairBody(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { fingerprint: '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c', name, type: 'ssh', public_key: PUBLIC_KEY, user_id: 'fake', ...extra }
}

/** The v2.1 version document (after versions/v21-version-get-resp.json). */
export function versionDocument(max: string, min = '2.1'): Record<string, unknown> {
  return {
    version: {
      id: 'v2.1',
      links: [
        { href: `${ORIGIN}/v2.1/`, rel: 'self' },
        { href: 'http://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
      status: 'CURRENT',
      version: max,
      min_version: min,
      updated: '2013-07-23T11:33:21Z',
    },
  }
}
