import nodeModule from 'node:module';
import type { FormatEnum, Metadata, SharpConstructor } from 'sharp';

/**
 * Turns an uploaded image into a small WebP with sharp (libvips). Anything wrong with the input
 * (not an image, an unsupported or mislabelled format, a truncated file, a decompression bomb)
 * is a rejection with a reason, never an exception: a bad upload must not fail the function.
 */
export const THUMBNAIL_WIDTH = 320;
/** Very tall images are cut down to this height instead of yielding a 320 × 50,000 strip. */
export const THUMBNAIL_MAX_HEIGHT = 960;
/**
 * Largest decoded image accepted (pixels), checked against the header before decoding: a few
 * KB of PNG can claim a 100,000² canvas. 50 MP covers every phone camera; sharp's own default
 * (268 MP) would let one image take gigabytes of a 1 GB function.
 */
export const MAX_INPUT_PIXELS = 50_000_000;

// Decoders this function trusts; sharp also reads SVG, TIFF, HEIF and more, which a file merely
// labelled image/png must not reach.
const ACCEPTED_FORMATS = new Set<keyof FormatEnum>(['jpeg', 'png', 'webp', 'gif']);

export type RenderResult =
  | { ok: true; data: Buffer; width: number; height: number }
  | { ok: false; reason: 'unreadable' | 'unsupported-format' | 'too-many-pixels' };

// Loaded with require, on first use: on Lambda sharp comes from a layer (/opt/nodejs/node_modules),
// which Node's CommonJS resolution finds through NODE_PATH and ESM `import` does not. Reached
// through the module object, and named apart: the bundle's banner already declares both
// `createRequire` and `require` at the top level.
const requireNative = nodeModule.createRequire(import.meta.url);
let sharpModule: SharpConstructor | undefined;
const sharp = () => {
  sharpModule ??= requireNative('sharp') as SharpConstructor;
  return sharpModule;
};

/** sharp reports the pixel limit, checked against the header, as an error like any other. */
function rejection(error: unknown): RenderResult {
  const tooBig = error instanceof Error && /pixel limit/i.test(error.message);
  return { ok: false, reason: tooBig ? 'too-many-pixels' : 'unreadable' };
}

export async function renderThumbnail(input: Uint8Array): Promise<RenderResult> {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true } as const;
  let metadata: Metadata;
  try {
    metadata = await sharp()(input, options).metadata();
  } catch (error) {
    return rejection(error);
  }
  if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format)) {
    return { ok: false, reason: 'unsupported-format' };
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_INPUT_PIXELS) {
    return { ok: false, reason: 'too-many-pixels' };
  }
  try {
    const { data, info } = await sharp()(input, options)
      .rotate() // EXIF orientation, so a portrait photo's thumbnail is upright (metadata is dropped)
      .resize({
        width: THUMBNAIL_WIDTH,
        height: THUMBNAIL_MAX_HEIGHT,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, data, width: info.width, height: info.height };
  } catch (error) {
    return rejection(error);
  }
}
