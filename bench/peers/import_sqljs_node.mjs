// The JavaScript peer under node: node bench/peers/import_sqljs_node.mjs FILE
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import { importWithSqlJs } from './sqljs_importer.mjs';

const file = process.argv[2];
const require = createRequire(import.meta.url);
const SQL = await initSqlJs({ locateFile: (f) => require.resolve(`sql.js/dist/${f}`) });
const t0 = performance.now();
const { read, errors, db } = await importWithSqlJs(SQL, createReadStream(file, { highWaterMark: 4 << 20 }));
const seconds = (performance.now() - t0) / 1000;
const count = db.exec('SELECT count(*) FROM spans')[0].values[0][0];
db.close();
const bytes = statSync(file).size;
console.log(
  JSON.stringify({
    runtime: 'js-peer-sqljs-node',
    bytes,
    read,
    imported: count,
    errors,
    seconds: +seconds.toFixed(3),
    spans_per_s: Math.round(read / seconds),
    mb_per_s: +(bytes / 1e6 / seconds).toFixed(1),
  }),
);
