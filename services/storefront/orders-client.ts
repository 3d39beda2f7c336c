import type { HttpClient } from '../kit/http-client.js';

export interface Product {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
}

export interface CartView {
  cartId: string;
  items: Array<{ sku: string; name: string; qty: number; unitPriceCents: number }>;
  count: number;
  totalCents: number;
}

export interface OrderView {
  id: string;
  customer: { name: string; email: string };
  items: Array<{ sku: string; name: string; qty: number; unitPriceCents: number }>;
  totalCents: number;
  partner: string;
  createdAt: string;
}

/** The orders API as storefront uses it. */
export interface OrdersClient {
  products(): Promise<Product[]>;
  cart(cartId: string): Promise<CartView>;
  addToCart(cartId: string, sku: string, qty: number): Promise<CartView>;
  placeOrder(req: { cartId: string; customer: { name: string; email: string } }, idempotencyKey: string): Promise<{ order: OrderView; replayed: boolean }>;
  order(orderId: string): Promise<OrderView>;
}

export function createOrdersClient(http: HttpClient): OrdersClient {
  const enc = encodeURIComponent;
  return {
    products: async () => (await http.request<{ products: Product[] }>('GET', '/products')).body.products,
    cart: async (cartId) => (await http.request<CartView>('GET', `/carts/${enc(cartId)}`)).body,
    addToCart: async (cartId, sku, qty) =>
      (await http.request<CartView>('POST', `/carts/${enc(cartId)}/items`, { body: { sku, qty } })).body,
    placeOrder: async (req, idempotencyKey) =>
      (await http.request<{ order: OrderView; replayed: boolean }>('POST', '/orders', { body: req, headers: { 'idempotency-key': idempotencyKey } })).body,
    order: async (orderId) => (await http.request<{ order: OrderView }>('GET', `/orders/${enc(orderId)}`)).body.order,
  };
}
