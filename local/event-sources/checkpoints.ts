import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Where each event source mapping is in its stream (the last sequence number handled, per shard),
 * kept on disk so that a restart resumes where it stopped instead of replaying the stream, as a
 * Lambda event source mapping keeps its position.
 */
export class CheckpointStore {
  readonly #path: string;
  #data: Record<string, Record<string, string>>;

  constructor(path: string) {
    this.#path = path;
    this.#data = existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>)
      : {};
  }

  get(mapping: string): Record<string, string> {
    return { ...this.#data[mapping] };
  }

  set(mapping: string, shards: Record<string, string>): void {
    this.#data[mapping] = { ...shards };
    // Write then rename: a crash mid-write must not leave a truncated file behind.
    const temp = `${this.#path}.tmp`;
    writeFileSync(temp, JSON.stringify(this.#data, null, 2));
    renameSync(temp, this.#path);
  }
}
