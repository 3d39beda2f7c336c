import { describe, expect, it } from 'vitest';
import { escapeHtml, html, money, raw } from './html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('Pager Duty Mug · 350 ml — 99.9 %')).toBe('Pager Duty Mug · 350 ml — 99.9 %');
  });
});

describe('html', () => {
  it('escapes interpolated strings, including a script tag', () => {
    const name = '<script>alert("pwned")</script>';
    const out = html`<p>${name}</p>`.text;
    expect(out).toBe('<p>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</p>');
    expect(out).not.toContain('<script');
  });

  it('escapes a value that tries to leave its attribute', () => {
    const out = html`<input value="${'" onfocus="alert(1)'}">`.text;
    expect(out).toBe('<input value="&quot; onfocus=&quot;alert(1)">');
  });

  it('does not escape nested Html twice, and escapes strings inside arrays', () => {
    const rows = ['<b>', '&'].map((s) => html`<td>${s}</td>`);
    expect(html`<tr>${rows}</tr>`.text).toBe('<tr><td>&lt;b&gt;</td><td>&amp;</td></tr>');
  });

  it('renders numbers, and nothing for null and undefined', () => {
    expect(html`${3}|${null}|${undefined}|${0}`.text).toBe('3|||0');
  });

  it('inserts raw markup as is', () => {
    expect(html`<style>${raw('a>b{color:red}')}</style>`.text).toBe('<style>a>b{color:red}</style>');
  });
});

describe('money', () => {
  it('formats cents as dollars', () => {
    expect(money(1800)).toBe('$18.00');
    expect(money(905)).toBe('$9.05');
    expect(money(0)).toBe('$0.00');
  });
});
