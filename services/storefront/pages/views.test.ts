import { describe, expect, it } from 'vitest';
import type { CartView, OrderView, Product } from '../orders-client.js';
import { cartPage, checkoutPage, confirmationPage, errorPage, homePage, productsPage, rightBackPage } from './views.js';

const evil = '<script>alert("x")</script>';
const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';

const product: Product = { sku: 'MUG-01', name: evil, description: `${evil} description`, priceCents: 1800 };
const cart: CartView = { cartId: 'c1', items: [{ sku: 'MUG-01', name: evil, qty: 2, unitPriceCents: 1800 }], count: 2, totalCents: 3600 };
const emptyCart: CartView = { cartId: 'c1', items: [], count: 0, totalCents: 0 };
const order: OrderView = {
  id: 'ord_abc',
  customer: { name: evil, email: 'a@example.com' },
  items: cart.items,
  totalCents: 3600,
  partner: 'acme',
  createdAt: '2024-01-01T00:00:00.000Z',
};

/** The page's only script-like text must be the escaped one. */
function expectEscaped(text: string): void {
  expect(text).not.toContain('<script');
  expect(text).toContain(escaped);
}

describe('views escape what orders and shoppers send', () => {
  it('product names and descriptions on the home and products pages', () => {
    expectEscaped(homePage([product], emptyCart).text);
    expectEscaped(productsPage([product], emptyCart).text);
  });

  it('item names in the cart', () => {
    expectEscaped(cartPage(cart).text);
  });

  it('the customer name on the confirmation page', () => {
    const text = confirmationPage(order).text;
    expectEscaped(text);
    expect(text).toContain(`Thank you, ${escaped}!`);
  });

  it('values a shopper typed, echoed back into the checkout form', () => {
    const text = checkoutPage(cart, 'key-12345678', 'please enter a valid email address', { name: evil, email: '"><script>alert(1)</script>' }).text;
    expect(text).not.toContain('<script');
    expect(text).toContain(`value="${escaped}"`);
    expect(text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('an error message', () => {
    expectEscaped(errorPage(400, 'invalid_request', evil).text);
  });
});

describe('views', () => {
  it('the home page shows the cart count in the badge', () => {
    expect(homePage([product], cart).text).toContain('data-testid="cart-count">2<');
  });

  it('the checkout form carries the idempotency key in a hidden field', () => {
    expect(checkoutPage(cart, 'key-12345678').text).toContain('<input type="hidden" name="idempotencyKey" value="key-12345678">');
  });

  it('the right-back page names the retry delay', () => {
    const text = rightBackPage(7).text;
    expect(text).toContain('We’ll be right back');
    expect(text).toContain('about 7 seconds');
  });
});
