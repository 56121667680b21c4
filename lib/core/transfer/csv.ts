import { TesseraError } from '../errors';

export interface CsvRecord {
  /** 1-based line on which the record starts (quoted fields may span lines). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, "" for a quote inside
 * quotes, CRLF or LF line ends, line breaks allowed inside quoted fields. Lenient where
 * spreadsheets are (a quote inside an unquoted field is kept), strict where a guess could
 * shift columns (an unterminated quote, text after a closing quote).
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const n = text.length;

  const endRecord = () => {
    fields.push(field);
    // A blank line is not a record with one empty field.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };

  while (i < n) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= n) {
          throw new TesseraError(
            'E_IMPORT_FORMAT',
            `line ${quoteLine}: a quoted field is never closed.`,
            { reason: 'csvUnclosedQuote', line: quoteLine },
          );
        }
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        throw new TesseraError(
          'E_IMPORT_FORMAT',
          `line ${line}: unexpected text after a closing quote.`,
          { reason: 'csvTextAfterQuote', line },
        );
      }
      atFieldStart = false;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
