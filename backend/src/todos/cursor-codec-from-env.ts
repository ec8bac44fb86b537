import { secretString } from '../clients/secrets';
import { requireEnv } from '../lib/config';
import { type CursorCodec, createCursorCodec } from './cursor';

/**
 * The cursor codec of the todos functions. Deployed, the signing key is read from Secrets Manager
 * (CURSOR_SECRET_ARN) on the first request and kept for the container's life, so it is never in
 * the function's configuration and rotating it needs no redeploy (new containers read the new
 * value). CURSOR_SECRET, a plain value, exists for the unit and integration tests only.
 */
export function cursorCodecFromEnv(load = secretString): () => Promise<CursorCodec> {
  const arn = process.env.CURSOR_SECRET_ARN;
  if (!arn) {
    const codec = createCursorCodec(requireEnv('CURSOR_SECRET'));
    return async () => codec;
  }
  let codec: Promise<CursorCodec> | undefined;
  return () => {
    codec ??= load(arn).then(createCursorCodec);
    // A failed read is retried by the next request rather than remembered.
    codec.catch(() => {
      codec = undefined;
    });
    return codec;
  };
}
