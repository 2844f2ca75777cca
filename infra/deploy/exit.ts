/** What `exitWith` ends the process through; tests pass their own. */
export interface ExitIo {
  exit(code: number): void;
  error(message: unknown): void;
}

const processIo: ExitIo = {
  exit: (code) => process.exit(code),
  error: (message) => console.error(message),
};

/**
 * The end of `scripts/{deploy,destroy,preview,refresh}.ts`: the process exits with the code the
 * command resolved to, or, when it threw, prints the error (its stack when it has one) and exits 1.
 */
export function exitWith(result: Promise<number>, io: ExitIo = processIo): Promise<void> {
  return result.then(
    (code) => io.exit(code),
    (error: unknown) => {
      io.error(error instanceof Error ? (error.stack ?? error.message) : error);
      io.exit(1);
    },
  );
}
