/**
 * The whole App from a damaged link. jsdom has no Worker, so the page's engine cannot start
 * here (the app says so in its error panel); the link notice does not depend on it.
 */
import { afterEach, expect, test } from 'vitest';
import { fireEvent, render, within } from '@testing-library/svelte';
import App from '../../src/views/App.svelte';

afterEach(() => history.replaceState(null, '', '/'));

function openLink(search: string) {
  history.replaceState(null, '', `/${search}`);
  return within(render(App).container);
}

test('a link with unreadable parameters opens with a notice naming them, which can be dismissed', async () => {
  const view = openLink('?v=1&lang=en&view=pareto&top=abc&colour=red');
  const notice = view.getByText(/This link could not be read/);
  expect(notice.textContent).toBe(
    'This link could not be read (top=abc, colour); showing the default view instead.',
  );
  // The readable parameters still apply.
  expect(document.querySelector('[data-view="pareto"]')?.getAttribute('aria-current')).toBe('page');
  // The address bar is rewritten to the state actually shown, without the unreadable parts.
  expect(location.search).not.toContain('top=');
  expect(location.search).not.toContain('colour');
  await fireEvent.click(view.getByRole('button', { name: 'Dismiss' }));
  expect(view.queryByText(/This link could not be read/)).toBeNull();
});

test('a link from another version names the version it could not read', () => {
  const view = openLink('?v=9&lang=zh');
  // The version mismatch drops every parameter, the language too: the notice follows the browser.
  const status = view.getAllByRole('status').map((s) => s.textContent ?? '');
  expect(status.some((s) => s.includes('v=9'))).toBe(true);
});

test('a well-formed link shows no notice', () => {
  const view = openLink('?v=1&lang=zh&view=tiers');
  expect(view.queryAllByRole('status')).toHaveLength(0);
  expect(document.querySelector('[data-view="tiers"]')?.textContent).toBe('客户分层');
});
