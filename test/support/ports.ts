export { freePort } from '../../lab/runtime/local/health.js';
