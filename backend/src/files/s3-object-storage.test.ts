import { describe, expect, it } from 'vitest';
import { s3Client } from '../clients/s3';
import { attachmentDisposition, createS3ObjectStorage } from './s3-object-storage';

/** The UTF-8 name a browser reads from `filename*=UTF-8''...` (RFC 6266 / RFC 5987). */
function extendedName(disposition: string): string | undefined {
  const match = /(?:^|;\s*)filename\*=UTF-8''([^;\s]+)/i.exec(disposition);
  return match ? decodeURIComponent(match[1]!) : undefined;
}
function fallbackName(disposition: string): string | undefined {
  return /(?:^|;\s*)filename="((?:[^"\\]|\\.)*)"/.exec(disposition)?.[1];
}
// RFC 5987 attr-char plus pct-encoding: what may appear in an ext-value.
const ATTR_CHARS = /^[A-Za-z0-9!#$&+.^_`|~%-]+$/;

describe('attachmentDisposition', () => {
  const names = [
    'résumé 日本.txt',
    'report.pdf',
    'quote "me".txt',
    "it's (final) *draft*.docx",
    '100% done; really.txt',
    'back\\slash.txt',
    'emoji 🎉.png',
  ];

  it.each(names)('carries the exact UTF-8 name %j in filename*', (name) => {
    // Act
    const disposition = attachmentDisposition(name);
    // Assert
    expect(disposition.startsWith('attachment;')).toBe(true);
    expect(extendedName(disposition)).toBe(name);
  });

  it.each(names)('encodes %j with RFC 5987 attr-chars only, in an all-ASCII header', (name) => {
    // Act
    const disposition = attachmentDisposition(name);
    // Assert
    expect(disposition).toMatch(/^[\x20-\x7e]+$/);
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(disposition)?.[1] ?? '';
    expect(encoded).toMatch(ATTR_CHARS);
  });

  it.each(names)('gives %j a quoted ASCII fallback without quotes, backslashes or semicolons', (name) => {
    // Act
    const fallback = fallbackName(attachmentDisposition(name));
    // Assert
    expect(fallback).toBeDefined();
    expect(fallback).toMatch(/^[\x20-\x7e]*$/);
    expect(fallback).not.toMatch(/["\\;]/);
  });

  it('keeps a plain ASCII name unchanged in the fallback', () => {
    expect(fallbackName(attachmentDisposition('report-2025.pdf'))).toBe('report-2025.pdf');
  });
});

describe('S3 object storage presigning', () => {
  const storage = createS3ObjectStorage(s3Client, 'attachments');
  const key = 'user-1/01J0000000000000000000000A/01J0000000000000000000000B';

  it('signs Content-Type and Content-Length into the upload URL, for the server-chosen key only', async () => {
    // Act
    const url = new URL((await storage.presignUpload(key, 'text/plain', 12, 300)).url);
    // Assert
    const signed = url.searchParams.get('X-Amz-SignedHeaders')?.split(';') ?? [];
    expect(signed).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(decodeURIComponent(url.pathname)).toBe(`/attachments/${key}`);
  });

  it('signs If-None-Match: * and the pending tag as headers the browser must send', async () => {
    // Act
    const { url, headers } = await storage.presignUpload(key, 'text/plain', 12, 300);
    // Assert
    const signed = new URL(url).searchParams.get('X-Amz-SignedHeaders')?.split(';') ?? [];
    expect(signed).toEqual(expect.arrayContaining(['if-none-match', 'x-amz-tagging']));
    expect(new URL(url).searchParams.has('x-amz-tagging')).toBe(false);
    expect(headers).toEqual({
      'Content-Type': 'text/plain',
      'If-None-Match': '*',
      'x-amz-tagging': 'pending=true',
    });
  });

  it('puts no checksum into the upload URL that a browser PUT could not match', async () => {
    // Act
    const url = new URL((await storage.presignUpload(key, 'text/plain', 12, 300)).url);
    // Assert
    for (const name of url.searchParams.keys()) expect(name.toLowerCase()).not.toContain('checksum');
  });

  it('presigns a download that answers with the attachment disposition and stored content type', async () => {
    // Act
    const url = new URL(await storage.presignDownload(key, 'résumé 日本.txt', 'text/plain', 120));
    // Assert
    const disposition = url.searchParams.get('response-content-disposition') ?? '';
    expect(disposition.startsWith('attachment;')).toBe(true);
    expect(extendedName(disposition)).toBe('résumé 日本.txt');
    expect(url.searchParams.get('response-content-type')).toBe('text/plain');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
  });
});
