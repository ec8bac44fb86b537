import { type S3Error, s3Error } from './s3-errors';
import type { S3rverStore, StoredPartInfo } from './s3rver-store';

/**
 * The multipart rules S3 enforces and s3rver does not (s3rver 3.7.1 has no ListParts nor
 * AbortMultipartUpload, accepts parts for any upload id and completes with any ETags), checked
 * against s3rver's own record of the parts.
 */
const MiB = 1024 * 1024;
export const MIN_PART_BYTES = 5 * MiB;
export const MAX_PART_BYTES = 5 * 1024 * MiB;
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export const noSuchUpload = (uploadId: string) =>
  s3Error(
    404,
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

/** Why S3 would refuse this UploadPart before reading its body, if it would. */
export async function uploadPartProblem(
  store: S3rverStore,
  bucket: string,
  uploadId: string,
  partNumberText: string | undefined,
  contentLength: string | undefined,
): Promise<S3Error | undefined> {
  const partNumber = Number(partNumberText);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    return s3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: String(partNumberText),
    });
  }
  if (contentLength === undefined) {
    return s3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  if (Number(contentLength) > MAX_PART_BYTES) {
    return s3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: contentLength,
      MaxSizeAllowed: String(MAX_PART_BYTES),
    });
  }
  if (!(await store.readUpload(bucket, uploadId))) return noSuchUpload(uploadId);
  return undefined;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

export function listPartsXml(
  bucket: string,
  key: string,
  uploadId: string,
  parts: StoredPartInfo[],
  options: { marker: number; maxParts: number },
): string {
  const after = parts.filter((p) => p.partNumber > options.marker);
  const page = after.slice(0, options.maxParts);
  const truncated = after.length > page.length;
  const next = page.at(-1)?.partNumber ?? options.marker;
  const partXml = page
    .map(
      (p) =>
        `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified>` +
        `<ETag>${escapeXml(p.etag)}</ETag><Size>${p.size}</Size></Part>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult xmlns="${NS}">` +
    `<Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId>` +
    `<PartNumberMarker>${options.marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker>` +
    `<MaxParts>${options.maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>${partXml}` +
    '<StorageClass>STANDARD</StorageClass></ListPartsResult>'
  );
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/** The parts of a CompleteMultipartUpload body, or undefined when it is not that document. */
export function parseCompleteBody(xml: string): CompletedPart[] | undefined {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) return undefined;
  const parts: CompletedPart[] = [];
  for (const [, inner = ''] of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const number = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1];
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1];
    if (!number || etag === undefined) return undefined;
    parts.push({ partNumber: Number(number), etag: etag.replace(/&quot;/g, '"') });
  }
  return parts.length > 0 ? parts : undefined;
}

const bare = (etag: string) => etag.replace(/"/g, '').trim();

/** Why S3 would refuse to complete the upload with these parts, if it would. */
export function completeProblem(
  sent: CompletedPart[] | undefined,
  stored: StoredPartInfo[],
): S3Error | undefined {
  if (!sent) {
    return s3Error(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  for (let i = 1; i < sent.length; i++) {
    if (sent[i]!.partNumber <= sent[i - 1]!.partNumber) {
      return s3Error(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      );
    }
  }
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  for (const [index, part] of sent.entries()) {
    const held = byNumber.get(part.partNumber);
    if (!held || bare(held.etag) !== bare(part.etag)) {
      return s3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { PartNumber: String(part.partNumber), ETag: part.etag },
      );
    }
    if (index < sent.length - 1 && held.size < MIN_PART_BYTES) {
      return s3Error(
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        {
          ProposedSize: String(held.size),
          MinSizeAllowed: String(MIN_PART_BYTES),
          PartNumber: String(part.partNumber),
        },
      );
    }
  }
  return undefined;
}
