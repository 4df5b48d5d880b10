// src/core/version.ts — the package version, for the User-Agent (a test keeps it equal to package.json).

/** strato's version. @example console.log(`strato ${VERSION}`) */
export const VERSION = '0.1.0'
