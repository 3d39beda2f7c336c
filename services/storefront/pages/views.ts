import type { CartView, OrderView, Product } from '../orders-client.js';
import { html, money, type Html } from './html.js';
import { layout } from './layout.js';

function productCard(p: Product): Html {
  return html`<div class="card"><h3>${p.name}</h3><p>${p.description}</p><p><strong>${money(p.priceCents)}</strong></p>
<form method="post" action="/cart/items"><input type="hidden" name="sku" value="${p.sku}"><input type="hidden" name="qty" value="1">
<button type="submit">Add to cart</button></form></div>`;
}

export function homePage(products: readonly Product[], cart: CartView): Html {
  return layout('Home', html`<h1>Gear for people who get paged</h1>
<p>Free shipping on orders over $50. Shipped by our partners within two days.</p>
<div class="grid">${products.slice(0, 3).map(productCard)}</div><p><a href="/products">All products →</a></p>`, cart.count);
}

export function productsPage(products: readonly Product[], cart: CartView): Html {
  return layout('Products', html`<h1>Products</h1><div class="grid">${products.map(productCard)}</div>`, cart.count);
}

export function cartPage(cart: CartView): Html {
  if (cart.items.length === 0) {
    return layout('Cart', html`<h1>Your cart</h1><p>Your cart is empty. <a href="/products">Browse products</a>.</p>`, 0);
  }
  return layout('Cart', html`<h1>Your cart</h1><table><tr><th>Item</th><th>Qty</th><th>Price</th></tr>
${cart.items.map((i) => html`<tr><td>${i.name}</td><td>${i.qty}</td><td>${money(i.qty * i.unitPriceCents)}</td></tr>`)}
<tr><th>Total</th><th></th><th data-testid="cart-total">${money(cart.totalCents)}</th></tr></table>
<p><a href="/checkout"><button type="button">Checkout</button></a></p>`, cart.count);
}

export function checkoutPage(cart: CartView, idempotencyKey: string, problem?: string, values: { name?: string; email?: string } = {}): Html {
  return layout('Checkout', html`<h1>Checkout</h1>
${problem ? html`<p class="notice" role="alert">${problem}</p>` : ''}
<p>${cart.count} item(s), total <strong>${money(cart.totalCents)}</strong>.</p>
<form method="post" action="/checkout"><input type="hidden" name="idempotencyKey" value="${idempotencyKey}">
<label>Name <input name="name" required value="${values.name ?? ''}"></label>
<label>Email <input name="email" type="email" required value="${values.email ?? ''}"></label>
<button type="submit">Place order</button></form>`, cart.count);
}

export function confirmationPage(order: OrderView): Html {
  return layout('Order placed', html`<h1>Thank you, ${order.customer.name}!</h1>
<p>Order <code data-testid="order-id">${order.id}</code> is confirmed: ${money(order.totalCents)}. It ships with ${order.partner}.</p>
<table>${order.items.map((i) => html`<tr><td>${i.name}</td><td>${i.qty}</td><td>${money(i.qty * i.unitPriceCents)}</td></tr>`)}</table>`);
}

/** While the breaker is open: what a shopper sees instead of the shop. */
export function rightBackPage(retryAfterSeconds: number): Html {
  return layout('We’ll be right back', html`<div class="notice"><h1>We’ll be right back</h1>
<p>The shop is taking a short break. Your cart is safe; please try again in about ${retryAfterSeconds} seconds.</p></div>`);
}

export function errorPage(status: number, code: string, message: string): Html {
  const title = status === 404 ? 'Page not found' : status < 500 ? 'That did not work' : 'Something went wrong';
  return layout(title, html`<div class="notice"><h1>${title}</h1><p>${message}</p><p><small>error code: ${code}</small></p></div>`);
}
