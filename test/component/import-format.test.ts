/**
 * The mapping step's reading choices: a GBK export is shown as read in gb18030, and choosing
 * another encoding or delimiter reads the file again with it, so a wrong guess can be put right
 * before anything is loaded.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import DataView from '../../src/views/DataView.svelte';
import { ImportFlow } from '../../src/state/import-flow.svelte';
import { openSample, renderViews, type Loaded } from './harness';
import { ROOT } from './reckon';

let data: Loaded;
beforeAll(async () => {
  data = await openSample('en');
}, 120_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };

function gbkFile(): File {
  const bytes = readFileSync(resolve(ROOT, 'test/fixtures/ingest/orders-gbk.csv'));
  return new File([bytes], 'orders-gbk.csv', { type: 'text/csv' });
}

/** The column names the mapping offers for a field (its select's options, "none" left out). */
function offered(article: HTMLElement, field: string): string[] {
  const select = within(article).getByLabelText(new RegExp(`^${field}`));
  return [...select.querySelectorAll('option')].slice(1).map((o) => o.textContent?.trim() ?? '');
}

describe('reading choices of a file to import', () => {
  test('encoding and delimiter overrides read the file again', async () => {
    const flow = new ImportFlow();
    const { container, settle } = renderViews(
      [{ component: DataView, props: ({ session }) => ({ session, flow, onfiles: () => {} }) }],
      { data, search: 'v=1&lang=en&view=data' },
    );
    await flow.add([gbkFile()]);
    const view = within(container);
    const article = (await view.findByRole('heading', { name: 'orders-gbk.csv' }, WAIT)).closest(
      'article',
    );
    if (!article) throw new Error('no article for the file');
    const encoding = within(article).getByLabelText(/^Encoding/) as HTMLSelectElement;
    expect(encoding.value).toBe('gb18030');
    expect(offered(article, 'Customer ID')).toContain('买家昵称');

    // Read as Windows-1252, the Chinese headers are no longer there.
    await fireEvent.change(encoding, { target: { value: 'windows-1252' } });
    await waitFor(() => expect(flow.pending[0]?.mapping.encoding).toBe('windows-1252'), WAIT);
    await waitFor(() => expect(offered(article, 'Customer ID')).not.toContain('买家昵称'), WAIT);

    await fireEvent.change(encoding, { target: { value: 'gb18030' } });
    await waitFor(() => expect(offered(article, 'Customer ID')).toContain('买家昵称'), WAIT);

    // Split on semicolons, which the file has none of, each line is one column.
    const delimiter = within(article).getByLabelText(/^Separator/) as HTMLSelectElement;
    expect(offered(article, 'Customer ID').length).toBeGreaterThan(1);
    await fireEvent.change(delimiter, { target: { value: ';' } });
    await waitFor(() => expect(offered(article, 'Customer ID')).toHaveLength(1), WAIT);
    await settle();
  });
});
