/**
 * Everything the bench started, undone in reverse order: processes, receivers, streams, databases.
 * Scenarios register each step as soon as the thing exists, so an error or Ctrl-C in the middle
 * still leaves nothing behind.
 */
export class Teardown {
  private readonly steps: { name: string; undo: () => Promise<void> }[] = [];

  /** Registers `undo`; the returned function runs it early (and unregisters it). */
  add(name: string, undo: () => Promise<void>): () => Promise<void> {
    const step = { name, undo };
    this.steps.push(step);
    return async () => {
      const index = this.steps.indexOf(step);
      if (index === -1) return;
      this.steps.splice(index, 1);
      await undo();
    };
  }

  /** Runs every registered step, newest first; a failing step is reported and the rest still run. */
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const { name, undo } = this.steps.pop()!;
      try {
        await undo();
      } catch (error) {
        console.error(`teardown: ${name} failed: ${(error as Error).message}`);
      }
    }
  }
}
