/**
 * A problem the developer can fix (Java missing, a port in use, ...): the CLI prints its message
 * as one line and exits 1, without a stack trace, because the message already says what to do.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export class PortInUseError extends UserFacingError {
  constructor(
    readonly port: number,
    readonly purpose: string,
    hint = 'stop whatever is using it, or start with --free-ports',
  ) {
    super(`Port ${port} (${purpose}) is already in use: ${hint}.`);
  }
}
