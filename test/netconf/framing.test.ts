// test/netconf/framing.test.ts — RFC 6242 framing: unit cases and the property test over random splits and garbage.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { encodeFrame } from '../../src/netconf/framing-encode.js'
import { NetconfFramingError } from '../../src/netconf/framing-errors.js'
import { FrameDecoder, type Framing } from '../../src/netconf/framing.js'

const b = (s: string): Buffer => Buffer.from(s, 'utf8')
const texts = (ms: Buffer[]): string[] => ms.map((m) => m.toString('utf8'))

/** Feeds `bytes` cut at `cuts`, switching to 1.1 after `switchAfter` messages; returns the messages. */
function feed(decoder: FrameDecoder, bytes: Buffer, cuts: number[], switchAfter?: number): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y)
  const out: Buffer[] = []
  let from = 0
  for (const to of [...points, bytes.length]) {
    decoder.push(bytes.subarray(from, to))
    from = to
    for (let m = decoder.next(); m; m = decoder.next()) {
      out.push(m)
      if (out.length === switchAfter) decoder.switchTo11()
    }
  }
  return out
}

describe('FrameDecoder, unit cases', () => {
  it('decodes 1.0 messages, several per read and one byte at a time', () => {
    expect(texts(new FrameDecoder().decode(b('<a/>]]>]]><b/>]]>]]><c')))).toEqual(['<a/>', '<b/>'])
    const d = new FrameDecoder()
    const got: Buffer[] = []
    for (const byte of b('<x>é</x>]]>]]>')) got.push(...d.decode(Uint8Array.of(byte)))
    expect(texts(got)).toEqual(['<x>é</x>'])
  })

  it('decodes 1.1 chunked messages with several chunks, headers split across reads', () => {
    const wire = '\n#4\n<rpc\n#3\n/>x\n##\n\n#2\nab\n##\n'
    const got = feed(new FrameDecoder({ framing: '1.1' }), b(wire), [1, 2, 3, 6, 13, 14, 15])
    expect(texts(got)).toEqual(['<rpc/>x', 'ab'])
  })

  it('counts chunk lengths in bytes: a UTF-8 character split across chunks comes out whole', () => {
    const euro = b('€') // 3 bytes
    const wire = Buffer.concat([b('\n#2\n'), euro.subarray(0, 2), b('\n#1\n'), euro.subarray(2), b('\n##\n')])
    expect(texts(new FrameDecoder({ framing: '1.1' }).decode(wire))).toEqual(['€'])
  })

  it('switches to 1.1 exactly at the message boundary, even within one read', () => {
    const wire = Buffer.concat([encodeFrame('<hello/>', '1.0'), encodeFrame('<rpc-reply/>', '1.1'), encodeFrame('x]]>]]>y', '1.1')])
    expect(texts(feed(new FrameDecoder(), wire, [], 1))).toEqual(['<hello/>', '<rpc-reply/>', 'x]]>]]>y'])
  })

  it('skips whitespace between 1.1 messages', () => {
    expect(texts(new FrameDecoder({ framing: '1.1' }).decode(b('\r\n\n\n#1\na\n##\n\n \n#1\nb\n##\n')))).toEqual(['a', 'b'])
  })

  it.each([
    ['a leading zero', '\n#01\na\n##\n'],
    ['a zero size', '\n#0\n\n##\n'],
    ['an empty size', '\n#\na\n##\n'],
    ['a non-digit size', '\n#1x\na\n##\n'],
    ['a size above 4294967295', '\n#4294967296\n'],
    ['a size with too many digits', '\n#99999999999999999999\n'],
    ['end-of-chunks before any chunk', '\n##\n'],
    ['a chunk longer than declared', '\n#1\nab\n##\n'],
    ['a bad end-of-chunks', '\n#1\na\n##x'],
    ['text where a header belongs', '<rpc/>'],
    ['a hash without a newline before it', '#1\na\n##\n'],
  ])('rejects %s with a NetconfFramingError', (_what, wire) => {
    const d = new FrameDecoder({ framing: '1.1' })
    expect(() => d.decode(b(wire))).toThrow(NetconfFramingError)
    expect(() => d.next()).toThrow(NetconfFramingError) // sticky
  })

  it('enforces the size limit in both framings without waiting for the end of the message', () => {
    expect(() => new FrameDecoder({ maxMessageBytes: 8 }).decode(b('0123456789abcdef'))).toThrow(/exceeds the 8-byte limit/)
    expect(() => new FrameDecoder({ maxMessageBytes: 8 }).decode(b('012345678]]>]]>'))).toThrow(NetconfFramingError)
    expect(texts(new FrameDecoder({ maxMessageBytes: 8 }).decode(b('01234567]]>]]>')))).toEqual(['01234567'])
    const d11 = new FrameDecoder({ framing: '1.1', maxMessageBytes: 8 })
    expect(() => d11.decode(b('\n#5\nabcde\n#4\n'))).toThrow(NetconfFramingError)
  })

  it('finish() rejects a stream that ended inside a message, accepts trailing whitespace', () => {
    const d = new FrameDecoder({ framing: '1.1' })
    d.decode(b('\n#5\nab'))
    expect(() => d.finish()).toThrow(/ended inside/)
    const ok = new FrameDecoder()
    ok.decode(b('<a/>]]>]]>\n'))
    expect(() => ok.finish()).not.toThrow()
    expect(() => new FrameDecoder().finish()).not.toThrow()
  })
})

describe('encodeFrame', () => {
  it('frames 1.0 and refuses the marker, including one formed with the trailer', () => {
    expect(encodeFrame('<a/>', '1.0').toString()).toBe('<a/>]]>]]>')
    expect(() => encodeFrame('a]]>]]>b', '1.0')).toThrow(InputError)
    expect(() => encodeFrame('a]]>', '1.0')).toThrow(InputError)
  })

  it('splits 1.1 messages into chunks of at most maxChunkBytes bytes', () => {
    expect(encodeFrame('abcde', '1.1', { maxChunkBytes: 2 }).toString()).toBe('\n#2\nab\n#2\ncd\n#1\ne\n##\n')
    expect(encodeFrame('é', '1.1').toString()).toBe('\n#2\né\n##\n')
    expect(() => encodeFrame('', '1.1')).toThrow(InputError)
  })
})

// ---- property tests ---------------------------------------------------------------------------

const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // any Unicode, so multibyte UTF-8 too
  fc.constantFrom('#', '\n', '\n#', '\n#12\n', '\n##\n', ']]>]]>', ']]>', ']]', '<a x="1">', '</a>', 'é', '€', '😀', '\u0000'),
)
const payload = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''))
/** Whether a payload can travel in 1.0 framing: the first marker is the one the encoder appends. */
const fits10 = (p: string): boolean => Buffer.from(p + ']]>]]>').indexOf(']]>]]>') === Buffer.byteLength(p)
const payload10 = payload.filter(fits10)
const payload11 = payload.filter((p) => p.length > 0)
const cuts = fc.array(fc.nat(), { maxLength: 40 })
const chunkBytes = fc.integer({ min: 1, max: 64 })

describe('FrameDecoder, property tests', () => {
  it('recovers every 1.0 and 1.1 message in order, for any split of the stream', () => {
    fc.assert(
      fc.property(fc.constantFrom<Framing>('1.0', '1.1'), fc.array(payload, { maxLength: 8 }), cuts, chunkBytes, (framing, raw, cs, max) => {
        const usable = framing === '1.0' ? raw.filter(fits10) : raw.filter((p) => p.length > 0)
        const wire = Buffer.concat(usable.map((m) => encodeFrame(m, framing, { maxChunkBytes: max })))
        const d = new FrameDecoder({ framing })
        expect(texts(feed(d, wire, cs))).toEqual(usable)
        d.finish()
      }),
      { numRuns: 300 },
    )
  })

  it('recovers a 1.0 hello followed by 1.1 messages, switching at the boundary, one byte at a time too', () => {
    fc.assert(
      fc.property(payload10, fc.array(payload11, { maxLength: 6 }), cuts, chunkBytes, fc.boolean(), (hello, rest, cs, max, bytewise) => {
        const wire = Buffer.concat([encodeFrame(hello, '1.0'), ...rest.map((m) => encodeFrame(m, '1.1', { maxChunkBytes: max }))])
        const split = bytewise ? Array.from({ length: wire.length }, (_, i) => i) : cs
        expect(texts(feed(new FrameDecoder(), wire, split, 1))).toEqual([hello, ...rest])
      }),
      { numRuns: 200 },
    )
  })

  it('random garbage: consumed, then a NetconfFramingError or a wait that finish() rejects — never a hang or another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), cuts, fc.constantFrom<Framing>('1.0', '1.1'), (bytes, cs, framing) => {
        const d = new FrameDecoder({ framing, maxMessageBytes: 100 })
        try {
          feed(d, Buffer.from(bytes), cs)
          d.finish()
        } catch (e) {
          expect(e).toBeInstanceOf(NetconfFramingError)
          return
        }
        // Accepted: only possible if the garbage happened to be valid framing or whitespace.
        if (framing === '1.1') expect(d.bufferedBytes).toBe(0)
      }),
      { numRuns: 500 },
    )
  })

  it('random garbage starting with a non-space byte is rejected by a 1.1 decoder at once', () => {
    const first = fc.integer({ min: 0, max: 255 }).filter((x) => ![0x20, 0x09, 0x0d, 0x0a].includes(x))
    fc.assert(
      fc.property(first, fc.uint8Array({ maxLength: 50 }), (x, rest) => {
        expect(() => new FrameDecoder({ framing: '1.1' }).decode(Buffer.from([x, ...rest]))).toThrow(NetconfFramingError)
      }),
    )
  })

  it('corrupted chunk headers and trailers are rejected, whatever the split', () => {
    const badSize = fc.oneof(
      fc.nat().map((n) => `0${n}`),
      fc.constant(''),
      fc.integer({ min: 1, max: 999 }).map((n) => `${n}x`),
      fc.bigInt({ min: 4294967296n, max: 10n ** 15n }).map(String),
      fc.constant('-1'),
      fc.constant(' 1'),
    )
    const plain = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((s) => !s.includes('#'))
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 4 }), fc.nat(), badSize, fc.nat(), cuts, (msgs, which, size, how, cs) => {
        const frames = msgs.map((m) => encodeFrame(m, '1.1').toString('latin1'))
        const i = which % frames.length
        const frame = frames[i] as string
        const len = Number(/^\n#(\d+)\n/.exec(frame)?.[1])
        const body = frame.slice(frame.indexOf('\n', 1) + 1, frame.length - 4)
        const corrupted = [
          `\n#${size}\n${body}\n##\n`, // a bad size
          `\n#${len}\n${body}\n#\n`, // a bad end-of-chunks
          `\n#${len}\n${body}\n##x`, // a bad end-of-chunks
          len > 1 ? `\n#${len - 1}\n${body}\n##\n` : `\n#${len}\n${body}x\n##\n`, // data longer than declared
          `\n#${len + 1}\n${body}\n##\n`, // data shorter than declared: waits, then finish() rejects
        ][how % 5] as string
        frames[i] = corrupted
        const wire = Buffer.from(frames.join(''), 'latin1')
        const d = new FrameDecoder({ framing: '1.1' })
        expect(() => {
          feed(d, wire, cs)
          d.finish()
        }).toThrow(NetconfFramingError)
      }),
      { numRuns: 500 },
    )
  })

  it('enforces the size limit: messages up to the first oversized one come out, then a NetconfFramingError', () => {
    fc.assert(
      fc.property(fc.constantFrom<Framing>('1.0', '1.1'), fc.array(payload11, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 60 }), cuts, (framing, raw, limit, cs) => {
        const msgs = framing === '1.0' ? raw.filter(fits10) : raw
        const wire = Buffer.concat(msgs.map((m) => encodeFrame(m, framing, { maxChunkBytes: 7 })))
        const firstBig = msgs.findIndex((m) => Buffer.byteLength(m) > limit)
        const d = new FrameDecoder({ framing, maxMessageBytes: limit })
        const got: string[] = []
        const run = (): void => {
          const points = [...new Set(cs.map((c) => c % (wire.length + 1)))].sort((x, y) => x - y)
          let from = 0
          for (const to of [...points, wire.length]) {
            d.push(wire.subarray(from, to))
            from = to
            for (let m = d.next(); m; m = d.next()) got.push(m.toString('utf8'))
          }
        }
        if (firstBig < 0) {
          run()
          expect(got).toEqual(msgs)
        } else {
          expect(run).toThrow(NetconfFramingError)
          expect(got).toEqual(msgs.slice(0, firstBig))
        }
      }),
      { numRuns: 300 },
    )
  })
})
