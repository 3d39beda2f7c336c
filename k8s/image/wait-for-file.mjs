// Waits until a file exists (an init container's job): flagd refuses to start on a flags
// file the desk has not created yet on the shared state volume.
//   node k8s/image/wait-for-file.mjs /state/shop/flags.json
import { existsSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node k8s/image/wait-for-file.mjs <file>');
  process.exit(2);
}
let said = false;
const check = () => {
  if (existsSync(file)) process.exit(0);
  if (!said) console.log(`waiting for ${file} ...`);
  said = true;
  setTimeout(check, 1000);
};
check();
