import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readWorkspace, writeWorkspace } from './workspace';
import type { ImportMapping } from './ingest/types';

const mapping: ImportMapping = {
  version: 1,
  files: [
    {
      file: '订单.csv',
      table: 'orders',
      format: 'csv',
      encoding: 'gb18030',
      delimiter: ',',
      skipRows: 0,
      hasHeader: true,
      columns: { customer_id: '客户编号', order_date: '下单时间', amount: '实付金额' },
      decimalSeparator: '.',
    },
  ],
};

describe('workspace file', () => {
  it('round-trips files byte for byte, the mapping and the view state', () => {
    const bytes = new Uint8Array([0xb6, 0xa9, 0xb5, 0xa5, 0x0d, 0x0a, 0xff]);
    const zip = writeWorkspace({
      files: [{ name: '订单.csv', bytes }],
      mapping,
      search: 'v=1&view=churn&cells=WyJTRUxFQ1QgMSJd',
    });
    const w = readWorkspace(zip);
    expect(w.files).toHaveLength(1);
    expect(w.files[0]?.name).toBe('订单.csv');
    expect([...(w.files[0]?.bytes ?? [])]).toEqual([...bytes]);
    expect(w.mapping.files[0]?.columns).toEqual(mapping.files[0]?.columns);
    expect(w.search).toBe('v=1&view=churn&cells=WyJTRUxFQ1QgMSJd');
  });

  it('names what is wrong with a damaged or foreign file', () => {
    expect(() => readWorkspace(new Uint8Array([1, 2, 3]), 'x.clientele.zip')).toThrow(
      /x\.clientele\.zip: not a readable zip/,
    );
    const foreign = zipSync({ 'a.txt': strToU8('hi') });
    expect(() => readWorkspace(foreign, 'y.zip')).toThrow(/not a Clientele workspace/);
    const missing = zipSync({
      'clientele-workspace.json': strToU8(JSON.stringify({ version: 1, search: '', mapping })),
    });
    expect(() => readWorkspace(missing, 'z.zip')).toThrow(
      /names 订单\.csv, which is not in the workspace/,
    );
  });
});
