import * as z from 'zod/mini';
import { wellFormed } from '../lib/validation';

export const FILE_NAME_MAX = 255;

// Path separators and control characters would let a name pose as a path or break headers.
const FORBIDDEN_IN_NAME = /[/\\\u0000-\u001f\u007f]/;
// type/subtype with optional parameters, e.g. `text/plain; charset=utf-8`.
const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(?:\s*;\s*[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[^"\\\r\n]*"))*$/i;

export const CreateUploadBody = z.strictObject({
  fileName: z.string().check(
    wellFormed,
    z.minLength(1),
    z.maxLength(FILE_NAME_MAX),
    z.refine(
      (s) => !FORBIDDEN_IN_NAME.test(s),
      'Must not contain slashes, backslashes or control characters.',
    ),
    z.refine((s) => s.trim() !== '' && s !== '.' && s !== '..', 'Must be a file name.'),
  ),
  contentType: z
    .string()
    .check(z.maxLength(255), z.regex(MEDIA_TYPE, 'Must be a media type such as text/plain.')),
  size: z.number().check(z.int(), z.gte(0)),
});
export type CreateUploadBody = z.infer<typeof CreateUploadBody>;

const partNumber = z.number().check(z.int(), z.gte(1), z.lte(10_000));

export const PresignPartsBody = z.strictObject({
  partNumbers: z.array(partNumber).check(
    z.minLength(1),
    z.maxLength(100),
    z.refine((list) => new Set(list).size === list.length, 'Part numbers must be unique.'),
  ),
});
export type PresignPartsBody = z.infer<typeof PresignPartsBody>;

export const CompleteUploadBody = z.strictObject({
  parts: z
    .array(
      z.strictObject({
        partNumber,
        etag: z.string().check(z.minLength(1), z.maxLength(200)),
      }),
    )
    .check(z.minLength(1), z.maxLength(10_000)),
});
export type CompleteUploadBody = z.infer<typeof CompleteUploadBody>;
