import { defineConfig } from 'tsup'

// One entry per public subpath; keep in step with package.json "exports" and .size-limit.json.
export const entries = {
  index: 'src/index.ts',
  'core/index': 'src/core/index.ts',
  'auth/index': 'src/auth/index.ts',
  'autoscale/index': 'src/autoscale/index.ts',
  'compute/index': 'src/compute/index.ts',
  'eem/index': 'src/eem/index.ts',
  'image/index': 'src/image/index.ts',
  'infra/index': 'src/infra/index.ts',
  'netconf/index': 'src/netconf/index.ts',
  'bin/strato-clixon-server': 'src/bin/strato-clixon-server.ts',
  'storage/index': 'src/storage/index.ts',
  'testing/index': 'src/testing/index.ts',
}

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  outDir: 'dist',
  // Keep `node:` specifiers: they say which imports are builtins, for readers and bundlers alike.
  removeNodeProtocol: false,
})
