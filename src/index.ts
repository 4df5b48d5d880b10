// src/index.ts — `strato`: everything public, for callers who prefer one import; subpaths keep bundles small.
export * from './core/index.js'
export * from './auth/index.js'
export * from './storage/index.js'
export * from './compute/index.js'
export * from './image/index.js'
export * from './autoscale/index.js'
export * from './eem/index.js'
export * from './netconf/index.js'
