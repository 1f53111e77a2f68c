/**
 * A wait that ends early when poked: the completion check sleeps between looks at a file,
 * and a watcher event for that file (another chunk landed) wakes it at once.
 */
export class Wakeup {
  private wake: (() => void) | undefined;
  private poked = false;

  wait(ms: number): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.poked = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  poke(): void {
    if (this.wake) this.wake();
    else this.poked = true;
  }
}
