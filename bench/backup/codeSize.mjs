// Code size of each shard-payload compressor, minified and gzipped: the shipped range coder
// (shardPayload.ts + rangeCoder.ts + textModel.ts) against the fflate trial (deflatePayload.ts +
// the parts of fflate it uses). Code both share (errors, OTP checks, vault normalisers) is left
// out of both, so the figures are the compression code alone.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const backupDir = path.join(repoRoot, 'lib', 'core', 'backup');

/** @param {string} file @param {string[]} names */
async function sizeOf(file, names) {
  const entry = 'virtual:codec-entry';
  const bundle = await rolldown({
    input: entry,
    platform: 'browser',
    logLevel: 'silent',
    // lib/core is pure: a module imported for one constant (the trial takes PRIMER from
    // textModel.ts) must not bring the rest of that module along.
    treeshake: { moduleSideEffects: false },
    plugins: [
      {
        name: 'entry-and-shared',
        resolveId(source, importer) {
          if (source === entry) return entry;
          if (!importer || source.startsWith('fflate')) return null;
          if (!source.startsWith('.') && !path.isAbsolute(source))
            return { id: source, external: true };
          const resolved = path.resolve(path.dirname(importer), source);
          // Only the compression code counts: the backup folder and the trial itself.
          const own = resolved.startsWith(backupDir) || resolved.startsWith(here);
          return own ? null : { id: resolved, external: true };
        },
        load: (id) =>
          id === entry ? `export { ${names.join(', ')} } from ${JSON.stringify(file)};` : null,
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'esm', minify: true });
  await bundle.close();
  const code = output
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  return {
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    keepsTextModel: code.includes('3785,3901'),
  };
}

export async function payloadCodeSizes() {
  const names = ['encodeShardPayload', 'decodeShardPayload'];
  return {
    rangeCoder: await sizeOf(path.join(backupDir, 'format', 'shardPayload.ts'), names),
    fflate: await sizeOf(path.join(here, 'deflatePayload.ts'), names),
  };
}
