import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMigrationPayload, decodeMigrationUri } from '../../../lib/core/transfer';
import {
  MigrationPayloadSchema,
  MigrationPayload_OtpParametersSchema,
} from '../../../lib/core/transfer/google/migration_pb';
import { encodeBase64 } from '../../../lib/core/otp';

/**
 * The generated schema must say what the published MigrationPayload description says, and read
 * bytes laid out by hand from that description (protobuf encoding rules: tag = field << 3 |
 * wire type; 0 varint, 2 length-delimited), not only bytes our own encoder wrote.
 */

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const field = (no: number, bytes: number[]) => [(no << 3) | 2, bytes.length, ...bytes];
const varint = (no: number, value: number) => [no << 3, value];

describe('Google migration schema (migration.proto → migration_pb.ts)', () => {
  it('has the published field numbers and types', () => {
    const shape = (
      schema: typeof MigrationPayloadSchema | typeof MigrationPayload_OtpParametersSchema,
    ) =>
      schema.fields.map((f) => [
        f.number,
        f.name,
        f.fieldKind === 'scalar' ? f.scalar : f.fieldKind,
      ]);
    // ScalarType: 3 int64, 5 int32, 12 bytes (descriptor.proto's numbering).
    expect(shape(MigrationPayloadSchema)).toEqual([
      [1, 'otp_parameters', 'list'],
      [2, 'version', 5],
      [3, 'batch_size', 5],
      [4, 'batch_index', 5],
      [5, 'batch_id', 5],
    ]);
    expect(shape(MigrationPayload_OtpParametersSchema)).toEqual([
      [1, 'secret', 12],
      [2, 'name', 12],
      [3, 'issuer', 12],
      [4, 'algorithm', 'enum'],
      [5, 'digits', 'enum'],
      [6, 'type', 'enum'],
      [7, 'counter', 3],
    ]);
  });

  it('was generated from migration.proto and matches it field for field', () => {
    const dir = path.resolve(__dirname, '../../../lib/core/transfer/google');
    const generated = readFileSync(path.join(dir, 'migration_pb.ts'), 'utf8');
    expect(generated).toContain('@generated from file migration.proto');
    // Every field of the .proto appears in the generated file with the same number and type.
    const proto = readFileSync(path.join(dir, 'migration.proto'), 'utf8');
    const fields = [...proto.matchAll(/^\s+(repeated )?(\w+) (\w+) = (\d+);$/gm)].filter(
      (m) => !/^[A-Z_]+$/.test(m[3] as string),
    );
    expect(fields).toHaveLength(12);
    for (const m of fields) expect(generated).toContain(`${m[3]} = ${m[4]};`);
  });

  it('reads a payload laid out by hand from the published description', () => {
    const secret = Array.from({ length: 10 }, (_, i) => i + 1);
    const entry = [
      ...field(1, secret),
      ...field(2, ascii('Example:alice@example.com')),
      ...field(3, ascii('Example')),
      ...varint(4, 1), // SHA1
      ...varint(5, 1), // six digits
      ...varint(6, 2), // TOTP
    ];
    const bytes = new Uint8Array([
      ...field(1, entry),
      ...varint(2, 1),
      ...varint(3, 2),
      ...varint(4, 1),
      ...varint(5, 77),
    ]);
    const payload = decodeMigrationPayload(bytes);
    expect(payload).toMatchObject({ version: 1, batchSize: 2, batchIndex: 1, batchId: 77 });
    expect([...(payload.otpParameters[0]?.secret ?? [])]).toEqual(secret);

    const decoded = decodeMigrationUri(
      `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(bytes))}`,
    );
    expect(decoded.problems).toEqual([]);
    expect(decoded.batch).toEqual({ index: 1, size: 2, id: 77 });
    expect(decoded.accounts.map((a) => [a.issuer, a.label, a.otp.type, a.otp.digits])).toEqual([
      ['Example', 'alice@example.com', 'totp', 6],
    ]);
  });
});
