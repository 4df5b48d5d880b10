// Size budgets per entry point: each entry bundled with the dependencies it loads at import time.
// undici (loaded with a client's first request), yaml (loaded on the first clouds.yaml read) and ssh2 (on the first NETCONF SSH connect) are
// dynamic imports, so they are left out and named in the labels; Node builtins are never counted.
const node = (config) => ({ ...config, platform: 'node' })
const lazy = ['undici', 'yaml', 'ssh2', 'ioredis']
const entry = (name, path, limit, extra = {}) => ({ name, path, import: '*', limit, ignore: lazy, modifyEsbuildConfig: node, ...extra })

export default [
  entry('strato/core (+ undici on first request)', 'dist/core/index.js', '40 kB'),
  entry('strato/auth (+ undici, yaml when used)', 'dist/auth/index.js', '127 kB'),
  entry('strato/storage (+ undici on first request)', 'dist/storage/index.js', '50 kB'),
  entry('strato/autoscale (+ undici on first request; no zod, for the one-call bundle target)', 'dist/autoscale/index.js', '54 kB'),
  entry('strato/compute (+ undici on first request; zod for response checks, as image)', 'dist/compute/index.js', '130 kB'),
  entry('strato/eem (+ undici on first request; zod for response checks, as image)', 'dist/eem/index.js', '135 kB'),
  entry('strato/image (+ undici on first request; zod for response checks, as auth)', 'dist/image/index.js', '125 kB'),
  entry('strato/netconf (ssh2 loaded on the first SSH connect; fast-xml-parser on the first session)', 'dist/netconf/index.js', '46 kB'),
  entry('strato/infra (handlers reach services only through the clients you pass; yaml, ioredis loaded when used)', 'dist/infra/index.js', '66 kB'),
  entry('strato/testing (msw is a peer, not counted)', 'dist/testing/index.js', '120 kB', { ignore: [...lazy, 'msw'] }),
  entry('strato (everything)', 'dist/index.js', '215 kB'),
  entry('just the Client (tree-shaken)', 'dist/core/index.js', '37 kB', { import: '{ Client }' }),
]
