import type { ApiPort } from '../api';
import type { AccountExport } from '../types';

type ExportedTodo = AccountExport['todos'][number];
type ExportedFile = ExportedTodo['files'][number];

export interface ExportProgress {
  /** Attachments fetched so far, of `total`. */
  done: number;
  total: number;
}

/** `todos-export-YYYY-MM-DD.zip`, dated in the user's own time zone. */
export function exportFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `todos-export-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.zip`;
}

/** Every part of the export (the API answers a large account in parts, see docs/api.md). */
async function readExport(api: Pick<ApiPort, 'exportAccount'>) {
  const todos: ExportedTodo[] = [];
  let exportedAt = '';
  let cursor: string | null = null;
  do {
    const part: AccountExport = await api.exportAccount(cursor);
    exportedAt ||= part.exportedAt;
    todos.push(...part.todos);
    cursor = part.nextCursor;
  } while (cursor);
  return { exportedAt, todos };
}

/** A path inside the zip per attachment: `attachments/<todoId>/<fileName>`, unique within a todo. */
function attachmentPaths(todos: ExportedTodo[]): Map<ExportedFile, string> {
  const paths = new Map<ExportedFile, string>();
  for (const todo of todos) {
    const used = new Set<string>();
    for (const file of todo.files) {
      if (!file.downloadUrl) continue; // still pending: there are no bytes to take
      const safe = file.fileName.replace(/[/\\]/g, '_') || file.fileId;
      const name = used.has(safe) ? `${file.fileId}-${safe}` : safe;
      used.add(name);
      paths.set(file, `attachments/${encodeURIComponent(todo.todoId)}/${name}`);
    }
  }
  return paths;
}

/**
 * The whole account as a zip: `todos.json` (the export, each file with its `path` in the zip
 * instead of its short-lived URL) and every attachment's bytes. client-zip is loaded only now,
 * and pulls one attachment at a time, so progress moves as the zip is written.
 */
export async function buildExport(
  api: Pick<ApiPort, 'exportAccount' | 'getFile'>,
  fetchBytes: (url: string) => Promise<Response>,
  onProgress: (progress: ExportProgress) => void,
): Promise<{ blob: Blob; files: number }> {
  const { exportedAt, todos } = await readExport(api);
  const paths = attachmentPaths(todos);
  const json = {
    exportedAt,
    todos: todos.map((todo) => ({
      ...todo,
      files: todo.files.map((file) => {
        const { downloadUrl: _url, ...info } = file;
        return { ...info, path: paths.get(file) ?? null };
      }),
    })),
  };
  const total = paths.size;
  onProgress({ done: 0, total });
  const bytes = async (todoId: string, file: ExportedFile): Promise<Response> => {
    let response = await fetchBytes(file.downloadUrl ?? '');
    // The export's URL may have expired while earlier files were fetched: ask for a fresh one.
    if (!response.ok) {
      const fresh = await api.getFile(todoId, file.fileId);
      response = await fetchBytes(fresh.downloadUrl ?? '');
    }
    if (!response.ok) throw new Error(`Could not fetch “${file.fileName}” (HTTP ${response.status}).`);
    return response;
  };
  async function* entries() {
    yield { name: 'todos.json', input: JSON.stringify(json, null, 2) };
    let done = 0;
    for (const todo of todos) {
      for (const file of todo.files) {
        const name = paths.get(file);
        if (!name) continue;
        const response = await bytes(todo.todoId, file);
        yield {
          name,
          input: await response.blob(),
          lastModified: new Date(file.uploadedAt ?? file.createdAt),
        };
        onProgress({ done: ++done, total });
      }
    }
  }
  const { downloadZip } = await import('client-zip');
  return { blob: await downloadZip(entries()).blob(), files: total };
}
