/** ResultTable: header sorting, and the CSV it hands to the browser's download manager. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fireEvent, within } from '@testing-library/svelte';
import ResultTable from '../../src/views/ResultTable.svelte';
import { renderViews } from './harness';
import { catchDownloads, type Download } from './downloads';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ROWS = [
  { name: 'Mallory', amount: 120.5, note: '=HYPERLINK("http://x.test","click")' },
  { name: 'Alice', amount: -5, note: '+1' },
  { name: HOSTILE, amount: 30, note: '@SUM(A1:A9)' },
  { name: 'Bob', amount: 1200, note: '-2+3' },
  { name: 'Carol', amount: 7, note: 'plain, with "quotes"' },
];
const COLUMNS = [
  { name: 'name', label: 'Name' },
  { name: 'amount', label: 'Amount' },
  { name: 'note', label: 'Note' },
];

let downloads: Download[];
beforeEach(() => {
  downloads = catchDownloads();
});
afterEach(() => vi.restoreAllMocks());

function table() {
  const { container } = renderViews(
    [
      {
        component: ResultTable,
        props: () => ({ columns: COLUMNS, rows: ROWS, filename: 'x.csv' }),
      },
    ],
    { search: 'v=1&lang=en' },
  );
  return within(container);
}

function column(view: ReturnType<typeof table>, index: number): string[] {
  return view
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelectorAll('td')[index]?.textContent?.trim() ?? '');
}

test('sorts numbers largest first, then smallest first; text alphabetically', async () => {
  const view = table();
  expect(column(view, 0)).toEqual(ROWS.map((r) => r.name));
  const amount = view.getByRole('button', { name: 'Amount' });
  await fireEvent.click(amount);
  expect(column(view, 1)).toEqual(['1,200', '120.50', '30', '7', '-5']);
  expect(amount.closest('th')?.getAttribute('aria-sort')).toBe('descending');
  await fireEvent.click(amount);
  expect(column(view, 1)).toEqual(['-5', '7', '30', '120.50', '1,200']);
  expect(amount.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
  await fireEvent.click(view.getByRole('button', { name: 'Name' }));
  expect(column(view, 0)).toEqual([HOSTILE, 'Alice', 'Bob', 'Carol', 'Mallory']);
  expect(amount.closest('th')?.getAttribute('aria-sort')).toBe('none');
});

test('shows cells as typed, hostile markup included, as text', () => {
  const view = table();
  expect(view.getByText(HOSTILE).tagName).toBe('TD');
  expect(view.queryByText('=HYPERLINK("http://x.test","click")')).not.toBeNull();
  expect(document.querySelector('img')).toBeNull();
});

test('exports the rows in the shown order with formula cells defused', async () => {
  const view = table();
  await fireEvent.click(view.getByRole('button', { name: 'Amount' }));
  await fireEvent.click(view.getByTestId('export-csv'));
  expect(downloads).toHaveLength(1);
  const [file] = downloads;
  if (!file) throw new Error('no download');
  expect(file.filename).toBe('x.csv');
  expect(file.blob.type).toBe('text/csv;charset=utf-8');
  const bytes = new Uint8Array(await file.blob.arrayBuffer());
  // A UTF-8 byte order mark first, so spreadsheets read Chinese text right.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(new TextDecoder().decode(bytes.slice(3))).toBe(
    [
      'name,amount,note',
      'Bob,1200,"\'-2+3"',
      'Mallory,120.5,"\'=HYPERLINK(""http://x.test"",""click"")"',
      `${HOSTILE},30,"'@SUM(A1:A9)"`,
      'Carol,7,"plain, with ""quotes"""',
      // A negative number stays a number; the text "+1" is defused.
      'Alice,-5,"\'+1"',
      '',
    ].join('\r\n'),
  );
});
