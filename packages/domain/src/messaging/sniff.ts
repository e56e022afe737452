/**
 * What a file is, by its first bytes — never by its name or the type the
 * browser claims. Only the types the chat accepts are recognised.
 */

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** ISO-BMFF brands of HEIF/HEIC stills (and sequences phones write for bursts). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) =>
  bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The accepted type `bytes` start with, or null (text, HTML, executables, other formats). */
export function sniffContentType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
    // A compatible brand may carry it when the major brand is generic.
    const boxSize = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
    const end = Math.min(bytes.length, Math.max(16, boxSize));
    for (let i = 16; i + 4 <= end; i += 4) if (HEIF_BRANDS.has(ascii(bytes, i, i + 4))) return 'image/heic';
  }
  return null;
}

/** A display file name: no path, no control characters, at most 120 characters; a default when empty. */
/**
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069, LRM/RLM/ALM) and zero-width
 * characters: in a file name they make "bild\u202Egpj.exe" display as "bildexe.jpg".
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

export function cleanFilename(name: string | undefined | null, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && !'"<>'.includes(ch) && !INVISIBLE.test(ch))
    .join('')
    .trim()
    .slice(0, 120);
  return cleaned || fallback;
}
