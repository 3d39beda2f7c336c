import { html, raw, type Html } from './html.js';

const style = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:#b5321f;color:#fff}
header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:56rem;margin:2rem auto;padding:0 1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
.card{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 3px #0002}
button{background:#b5321f;color:#fff;border:0;border-radius:.3rem;padding:.5rem 1rem;cursor:pointer}
table{width:100%;border-collapse:collapse;background:#fff}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}
.badge{background:#fff;color:#b5321f;border-radius:1rem;padding:0 .6rem;margin-left:.3rem}
.notice{background:#fff;border-left:.4rem solid #b5321f;padding:1rem 1.5rem}
label{display:block;margin:.6rem 0}input{padding:.4rem;width:20rem;max-width:100%}
`;

export function layout(title: string, body: Html, cartCount?: number): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · firedrill shop</title><style>${raw(style)}</style></head>
<body><header><a href="/">firedrill shop</a><nav><a href="/products">Products</a> · <a href="/cart">Cart${
    cartCount === undefined ? '' : html`<span class="badge" data-testid="cart-count">${cartCount}</span>`
  }</a></nav></header>
<main>${body}</main></body></html>`;
}
