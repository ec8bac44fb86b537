import { createRequire } from 'node:module';
import type { SharpConstructor } from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_PIXELS, renderThumbnail, THUMBNAIL_WIDTH } from './thumbnail-image';

const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;

/** A real, non-uniform image (a gradient), so encoders have something to encode. */
function gradient(width: number, height: number): ReturnType<SharpConstructor> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels.set([x % 256, y % 256, (x + y) % 256], (y * width + x) * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function expectWebp(
  result: Awaited<ReturnType<typeof renderThumbnail>>,
  width: number,
  height: number,
) {
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const meta = await sharp(result.data).metadata();
  expect(meta.format).toBe('webp');
  expect([meta.width, meta.height]).toEqual([width, height]);
  expect([result.width, result.height]).toEqual([width, height]);
}

describe('renderThumbnail', () => {
  it('turns a PNG into a WebP 320 px wide, keeping the aspect ratio', async () => {
    const png = await gradient(1280, 960).png().toBuffer();
    await expectWebp(await renderThumbnail(png), THUMBNAIL_WIDTH, 240);
  });

  it('turns a JPEG into a WebP 320 px wide', async () => {
    const jpeg = await gradient(800, 600).jpeg().toBuffer();
    await expectWebp(await renderThumbnail(jpeg), THUMBNAIL_WIDTH, 240);
  });

  it('turns the first frame of a GIF and a WebP into a WebP', async () => {
    await expectWebp(await renderThumbnail(await gradient(640, 640).gif().toBuffer()), 320, 320);
    await expectWebp(await renderThumbnail(await gradient(400, 100).webp().toBuffer()), 320, 80);
  });

  it('applies the EXIF orientation, so a portrait photo stored sideways comes out upright', async () => {
    const sideways = await gradient(800, 400).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    await expectWebp(await renderThumbnail(sideways), 320, 640);
  });

  it('never enlarges a small image', async () => {
    await expectWebp(await renderThumbnail(await gradient(100, 50).png().toBuffer()), 100, 50);
  });

  it('caps a very tall image at 960 px high rather than making a 320 px wide strip', async () => {
    await expectWebp(await renderThumbnail(await gradient(100, 5000).png().toBuffer()), 19, 960);
  });

  it('rejects bytes that are no image, without throwing', async () => {
    const result = await renderThumbnail(Buffer.from('<html><script>alert(1)</script></html>'));
    expect(result).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('rejects a truncated PNG, without throwing', async () => {
    const png = await gradient(600, 600).png().toBuffer();
    const result = await renderThumbnail(png.subarray(0, Math.floor(png.length / 2)));
    expect(result).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('rejects a format it does not accept (SVG) even though sharp could read it', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expect(await renderThumbnail(svg)).toEqual({ ok: false, reason: 'unsupported-format' });
  });

  it('rejects an image above the pixel limit from its header, before decoding it', async () => {
    // 8,000 × 8,000 = 64 MP: above our limit, below sharp's own default (268 MP).
    const side = 8000;
    expect(side * side).toBeGreaterThan(MAX_INPUT_PIXELS);
    const big = await sharp({ create: { width: side, height: side, channels: 3, background: '#888' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(big.length).toBeLessThan(1024 * 1024); // a small file: the classic decompression bomb
    expect(await renderThumbnail(big)).toEqual({ ok: false, reason: 'too-many-pixels' });
  }, 30_000);
});
