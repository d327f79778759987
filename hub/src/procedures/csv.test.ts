import { describe, expect, it } from 'vitest';
import { parseCsv, parseProcedureCsv } from './csv.js';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks; CRLF; a BOM; blank lines', () => {
    const { rows, error } = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\n');
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
    ]);
  });

  it('reports an unclosed quote', () => {
    expect(parseCsv('a,b\n"open,x\n').error).toMatch(/line 2/);
  });
});

describe('procedure CSV', () => {
  const head = 'code,name,field,processingDays,fee\n';

  it('takes the catalogue, fees written with or without thousands dots, empty fee = none', () => {
    const r = parseProcedureCsv(head + 'HT-KS,Đăng ký khai sinh,Hộ tịch,0,\nCT-BS,"Chứng thực bản sao, từ bản chính",Chứng thực,0,2.000\nKD,Hộ kinh doanh,Kinh doanh,3,100000\n');
    expect(r).toEqual({
      ok: true,
      procedures: [
        { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: null },
        { code: 'CT-BS', name: 'Chứng thực bản sao, từ bản chính', field: 'Chứng thực', processingDays: 0, fee: 2000 },
        { code: 'KD', name: 'Hộ kinh doanh', field: 'Kinh doanh', processingDays: 3, fee: 100000 },
      ],
    });
  });

  it('takes the papers to bring from a sixth column, separated by ";" or line breaks in the cell', () => {
    const csv = 'code,name,field,processingDays,fee,documents\n' + 'HT-KS,Đăng ký khai sinh,Hộ tịch,0,,"Tờ khai đăng ký khai sinh; Giấy chứng sinh\nCCCD của người đi đăng ký"\n' + 'CT-BS,Chứng thực bản sao,Chứng thực,0,2000,\n';
    expect(parseProcedureCsv(csv)).toEqual({
      ok: true,
      procedures: [
        { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: null, documents: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh', 'CCCD của người đi đăng ký'] },
        { code: 'CT-BS', name: 'Chứng thực bản sao', field: 'Chứng thực', processingDays: 0, fee: 2000, documents: [] },
      ],
    });
  });

  it('names every bad row by its line number', () => {
    const r = parseProcedureCsv(head + 'OK,Tốt,Hộ tịch,1,\nBAD CODE,X,Y,1,\nA,,Y,1,\nB,X,Y,ba,\nC,X,Y,2,-5\nD,X,Y\nOK,Again,Hộ tịch,1,\n');
    expect(r.ok).toBe(false);
    const errors = (r as { errors: string[] }).errors;
    expect(errors.map((e) => e.split(':')[0])).toEqual(['row 3', 'row 4', 'row 5', 'row 6', 'row 7', 'row 8']);
    expect(errors[5]).toContain('already on row 2');
  });

  it('refuses a wrong header or an empty list', () => {
    expect(parseProcedureCsv('ma,ten,linh vuc,so ngay,le phi\nA,B,C,1,\n')).toEqual({ ok: false, errors: ['line 1: the header must be code,name,field,processingDays,fee,documents (documents may be left out)'] });
    expect(parseProcedureCsv(head)).toEqual({ ok: false, errors: ['no procedures after the header'] });
  });
});
