import type { ApiPort } from '../api';
import type { AuthPort } from '../session/auth';
import { type AppStore, describeFailure } from '../state';
import { buildExport, type ExportProgress, exportFileName } from './export-zip';

export interface AccountDeps {
  store: AppStore;
  api: ApiPort;
  auth: Pick<AuthPort, 'changePassword' | 'globalSignOut'>;
  announce(message: string): void;
  /** Saves a file the app made; a download link by default. */
  saveBlob?: (blob: Blob, fileName: string) => void;
  fetch?: (url: string) => Promise<Response>;
}

function defaultSave(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Our own plain Errors already say what went wrong; the API's and the network's get worded. */
const explain = (store: AppStore, error: unknown) =>
  error instanceof Error && error.constructor === Error ? error.message : describeFailure(store, error);

/** How many DELETE /account batches before giving up (each is bounded; a huge account needs many). */
const MAX_DELETE_CALLS = 500;

/**
 * What the account page does: change the password, sign out on every device, download all the
 * data, delete the account. The last two end this tab's session through `account:closed`.
 */
export class AccountActions {
  readonly #d: AccountDeps;

  constructor(deps: AccountDeps) {
    this.#d = deps;
  }

  /** Rejects with the AuthError (wrong current password, weak new one) for the screen to place. */
  async changePassword(current: string, proposed: string): Promise<void> {
    await this.#d.auth.changePassword(current, proposed);
    this.#d.announce('Your password has been changed.');
  }

  async signOutEverywhere(): Promise<void> {
    await this.#d.auth.globalSignOut();
    this.#d.store.emit('account:closed', {
      message: 'You were signed out on every device. Log in again to continue.',
    });
  }

  /** Builds the zip and saves it; returns its name and how many attachments it holds. */
  async downloadData(
    onProgress: (progress: ExportProgress) => void,
  ): Promise<{ fileName: string; files: number }> {
    const fetchBytes = this.#d.fetch ?? ((url: string) => fetch(url, { cache: 'no-store' }));
    try {
      const { blob, files } = await buildExport(this.#d.api, fetchBytes, onProgress);
      const fileName = exportFileName(new Date());
      (this.#d.saveBlob ?? defaultSave)(blob, fileName);
      return { fileName, files };
    } catch (error) {
      throw new Error(explain(this.#d.store, error));
    }
  }

  /** Deletes everything, batch after batch as the API asks, then ends the session. */
  async deleteAccount(): Promise<void> {
    try {
      for (let call = 0; call < MAX_DELETE_CALLS; call++) {
        if ((await this.#d.api.deleteAccount()).done) {
          this.#d.store.emit('account:closed', {
            message: 'Your account and all its data have been deleted.',
          });
          return;
        }
      }
      throw new Error('Deleting is taking too long. Try again: it continues where it stopped.');
    } catch (error) {
      throw new Error(explain(this.#d.store, error));
    }
  }
}
