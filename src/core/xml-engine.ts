// src/core/xml-engine.ts — the two fast-xml-parser classes strato uses, loaded by xml.ts on first use.
// A module of its own so the dynamic import stays narrow: `import('fast-xml-parser')` would pull the
// whole package into a user's bundle (its XML builder too), while named imports here tree-shake.
export { XMLParser, XMLValidator } from 'fast-xml-parser'
