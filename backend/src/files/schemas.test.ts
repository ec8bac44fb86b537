import { describe, expect, it } from 'vitest';
import { CreateUploadBody } from './schemas';

const valid = { fileName: 'report.pdf', contentType: 'application/pdf', size: 1024 };
const accepts = (body: unknown) => CreateUploadBody.safeParse(body).success;

describe('CreateUploadBody fileName', () => {
  it.each([
    ['1 character', 'a'],
    ['255 characters', `${'n'.repeat(251)}.txt`],
    ['spaces and accents', 'résumé final (2).docx'],
    ['non-Latin characters', '日本語のファイル.txt'],
    ['a leading dot', '.env'],
  ])('accepts a name of %s', (_, fileName) => {
    expect(accepts({ ...valid, fileName })).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'n'.repeat(256)],
    ['a slash', 'dir/file.txt'],
    ['a backslash', 'dir\\file.txt'],
    ['a path traversal', '../../etc/passwd'],
    ['a NUL byte', 'file\u0000.txt'],
    ['a line break', 'file\n.txt'],
    ['a DEL character', 'file\u007f.txt'],
    ['only spaces', '   '],
    ['a dot', '.'],
    ['two dots', '..'],
  ])('rejects a name with %s', (_, fileName) => {
    expect(accepts({ ...valid, fileName })).toBe(false);
  });
});

describe('CreateUploadBody contentType and size', () => {
  it.each([
    'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'image/svg+xml',
  ])('accepts the media type %s', (contentType) => {
    expect(accepts({ ...valid, contentType })).toBe(true);
  });

  it.each(['', 'text', 'text/', '/plain', 'text/plain\r\nx-amz-acl: public-read', 'a b/c'])(
    'rejects the media type %j',
    (contentType) => {
      expect(accepts({ ...valid, contentType })).toBe(false);
    },
  );

  it('accepts an empty file', () => {
    expect(accepts({ ...valid, size: 0 })).toBe(true);
  });

  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['a string', '1024'],
    ['not finite', Number.POSITIVE_INFINITY],
    ['null', null],
  ])('rejects a size that is %s', (_, size) => {
    expect(accepts({ ...valid, size })).toBe(false);
  });

  it.each(['fileId', 'objectKey', 'userId', 'status'])(
    'rejects the unknown or server-owned field %s',
    (field) => {
      expect(accepts({ ...valid, [field]: 'x' })).toBe(false);
    },
  );

  it.each(['fileName', 'contentType', 'size'])('rejects a body without %s', (field) => {
    const body: Record<string, unknown> = { ...valid };
    delete body[field];
    expect(accepts(body)).toBe(false);
  });
});
