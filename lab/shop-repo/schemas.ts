import type { z } from 'zod';
import { fulfillmentDeploySchema } from '../../services/fulfillment/config.js';
import { ordersDeploySchema } from '../../services/orders/config.js';
import { partnersDeploySchema } from '../../services/partners/config.js';
import { seatingDeploySchema } from '../../services/seating/config.js';
import { storefrontDeploySchema } from '../../services/storefront/config.js';
import type { ShopService } from './repo.js';

/** Each shop service's own deploy schema: a deploy checks the config exactly as the service will. */
export const deploySchemas: Record<ShopService, z.ZodType> = {
  storefront: storefrontDeploySchema,
  orders: ordersDeploySchema,
  fulfillment: fulfillmentDeploySchema,
  partners: partnersDeploySchema,
  seating: seatingDeploySchema,
};
