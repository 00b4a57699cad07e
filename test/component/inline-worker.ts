import { vi } from 'vitest';

/**
 * jsdom has no Worker. This one runs the worker's own module in this thread: the module is
 * evaluated, and its message handler run, with `self` bound to a scope of its own; messages
 * cross both ways as structured clones, after the current task, as they would between threads.
 */
let started = 0;

class InlineWorker extends EventTarget {
  private readonly scope: {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage(data: unknown): void;
  };
  private readonly ready: Promise<unknown>;

  constructor(url: string | URL) {
    super();
    this.scope = {
      onmessage: null,
      postMessage: (data) => {
        const copy = structuredClone(data);
        setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: copy })));
      },
    };
    // A query of its own per worker: each one evaluates the module afresh, as a thread would.
    this.ready = this.inScope(
      () => import(/* @vite-ignore */ `${new URL(url).pathname}?inline-worker=${++started}`),
    );
  }

  postMessage(data: unknown): void {
    const copy = structuredClone(data);
    void this.ready.then(() =>
      setTimeout(() =>
        this.inScope(() => this.scope.onmessage?.(new MessageEvent('message', { data: copy }))),
      ),
    );
  }

  /**
   * Runs `fn` with the global `self` being the worker's scope, as the module sees it in a thread.
   * Handlers that answer synchronously (the fit worker does) see it throughout.
   */
  private inScope<T>(fn: () => T): T {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'self');
    Object.defineProperty(globalThis, 'self', { value: this.scope, configurable: true });
    const restore = () => {
      if (saved) Object.defineProperty(globalThis, 'self', saved);
      else Reflect.deleteProperty(globalThis, 'self');
    };
    try {
      const out = fn();
      if (out instanceof Promise) return out.finally(restore) as T;
      restore();
      return out;
    } catch (e) {
      restore();
      throw e;
    }
  }

  terminate(): void {}
}

export function installInlineWorker(): void {
  vi.stubGlobal('Worker', InlineWorker);
}
