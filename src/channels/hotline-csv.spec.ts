import { decodeCsv, parseCsv } from './hotline-csv';

// "工单,描述\r\nGD-1,"楼道,堆物"\r\n" in GB18030 (工 B9A4, 单 B5A5, 描 C3E8, 述 CAF6, 楼 C2A5, 道 B5C0, 堆 B6D1, 物 CEEF).
const GB = Buffer.from([
  0xb9, 0xa4, 0xb5, 0xa5, 0x2c, 0xc3, 0xe8, 0xca, 0xf6, 0x0d, 0x0a, 0x47, 0x44, 0x2d, 0x31, 0x2c, 0x22, 0xc2, 0xa5, 0xb5, 0xc0, 0x2c, 0xb6, 0xd1,
  0xce, 0xef, 0x22, 0x0d, 0x0a,
]);

describe('work-order CSV', () => {
  it('reads UTF-8 with a BOM, quoted commas and CRLF', () => {
    const text = decodeCsv(Buffer.from('\uFEFF工单,描述\r\nGD-1,"楼道,堆物"\r\nGD-2,"说""急"""\r\n'));
    expect(parseCsv(text)).toEqual([
      { 工单: 'GD-1', 描述: '楼道,堆物' },
      { 工单: 'GD-2', 描述: '说"急"' },
    ]);
  });

  it('detects GB18030 when the bytes are not UTF-8, and takes a declared charset', () => {
    expect(parseCsv(decodeCsv(GB))).toEqual([{ 工单: 'GD-1', 描述: '楼道,堆物' }]);
    expect(parseCsv(decodeCsv(GB, 'GBK'))).toEqual([{ 工单: 'GD-1', 描述: '楼道,堆物' }]);
  });
});
