import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATASET_INDEX, writeDatasetIndex } from './datasetIndex';

/**
 * `npm run index:datasets -- <folder>`: lists the dataset folders of a built app again (after a dataset folder was
 * copied into it, or removed), so the app opens the new ones. The build does it for geodata/.
 */
const folder = resolve(process.argv[2] ?? 'dist');
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  process.stderr.write(`not a folder: ${folder}\n`);
  process.exit(2);
}
writeDatasetIndex(folder);
process.stderr.write(`wrote ${DATASET_INDEX} in ${folder}\n`);
