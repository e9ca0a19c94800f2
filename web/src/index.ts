// The npm package entry: `import { open } from 'tracesift'`.
export { open, TraceSift, IMPORT_CHUNK_BYTES, DOWNLOAD_PIECE_BYTES } from './client.js';
export type { OpenOptions } from './client.js';
export { TraceSiftError } from '../../worker/src/errors.js';
export type { ErrorDetails, ErrorPayload, TraceSiftErrorCode } from '../../worker/src/errors.js';
export type * from '../../worker/src/types.js';
export {
  ERROR_CODES,
  FILTER_KEYS,
  IMPORT_FORMATS,
  SPAN_KINDS,
  SPAN_STATUSES,
  ENGINE_VERSION,
  OVERLAP_WARNING_RATIO,
} from '../../worker/src/generated/constants.js';
