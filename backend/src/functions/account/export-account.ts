import * as z from 'zod/mini';
import { exportDepsFromEnv } from '../../account/deps-from-env';
import { exportAccount } from '../../account/export-account';
import { callerId, httpHandler, ok, parseQuery } from '../../lib/http';
import { isId } from '../../lib/ids';

const deps = exportDepsFromEnv();

const ExportQuery = z.strictObject({
  cursor: z.optional(z.string().check(z.refine(isId, 'Must be a cursor from a previous export.'))),
});

export const handler = httpHandler(async (event, context) => {
  const userId = callerId(event);
  const { cursor } = parseQuery(event, ExportQuery);
  const started = Date.now();
  const budget = {
    remainingMs: () => context?.getRemainingTimeInMillis?.() ?? 10_000 - (Date.now() - started),
  };
  return ok(await exportAccount(deps, userId, budget, cursor));
});
