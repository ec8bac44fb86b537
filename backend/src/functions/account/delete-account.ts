import { deleteAccount } from '../../account/delete-account';
import { deleteDepsFromEnv } from '../../account/deps-from-env';
import { callerId, httpHandler, json } from '../../lib/http';

const deps = deleteDepsFromEnv();

/**
 * DELETE /account → 202 with the progress. Bounded by the invocation's time: `done: false` means
 * more remains and the client calls again (each call resumes; see docs/api.md "Account").
 */
export const handler = httpHandler(async (event, context) => {
  const userId = callerId(event);
  const started = Date.now();
  const budget = {
    remainingMs: () => context?.getRemainingTimeInMillis?.() ?? 10_000 - (Date.now() - started),
  };
  return json(202, await deleteAccount(deps, userId, budget));
});
