/**
 * jsdom has no layout engine: elements have no size, nothing resizes, and <dialog> has no modal
 * API. These stand-ins give every element the width of a laptop window so views that size their
 * charts to the container draw them, as they would at 1280x720.
 */
import '@testing-library/svelte/vitest';

export const LAYOUT_WIDTH = 960;

Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get: () => LAYOUT_WIDTH,
});

// Sizes never change without layout, so an observer that never fires is the faithful one.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

const dialog = HTMLDialogElement.prototype;
dialog.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
dialog.close ??= function (this: HTMLDialogElement) {
  if (!this.open) return;
  this.open = false;
  this.dispatchEvent(new Event('close'));
};

// jsdom paints no pixels: Plot draws a colour legend's ramp into a canvas and embeds it as an
// image. A context that takes the strokes and an empty image stand in for the missing painter.
const painter = { fillStyle: '', fillRect(): void {} };
HTMLCanvasElement.prototype.getContext = function (kind: string) {
  return kind === '2d' ? painter : null;
} as unknown as HTMLCanvasElement['getContext'];
HTMLCanvasElement.prototype.toDataURL = () => 'data:,';
