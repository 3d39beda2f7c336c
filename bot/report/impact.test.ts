import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../chaos/scenario/load.js';
import { repoRoot } from '../../lab/paths.js';
import { computeImpact, money } from './impact.js';
import { liveFigures } from './report-fixture.js';

const root = repoRoot();

describe('computeImpact', () => {
  it.each(['storefront-offline', 'forgotten-kill-switch'])('prices %s\'s live figures with its pack\'s costs, each line with its formula and inputs', (name) => {
    const { impact: costs } = loadScenario(root, name).scenario;
    const live = liveFigures({
      failedSessions: 37, completedCheckouts: 7, checkoutValueCents: 30_001,
      duplicates: { acme: { duplicateShipments: 3, duplicateItems: 11 }, bolt: { duplicateShipments: 2, duplicateItems: 4 }, cargo: { duplicateShipments: 1, duplicateItems: 1 } },
    });
    // Computed here on their own, from the same figures, to hold the builder to the formula.
    const aov = Math.round(30_001 / 7);
    const lost = 37 * aov;
    const shipping = (3 + 2 + 1) * costs.shippingCostCents;
    const goods = (11 + 4 + 1) * costs.unitCostCents;

    const impact = computeImpact(live, costs);
    expect(impact).toMatchObject({ failedSessions: 37, averageOrderValueCents: aov, duplicateShipments: 6, duplicateItems: 16, totalCents: lost + shipping + goods });
    expect(impact.lines.map((l) => l.cents)).toEqual([lost, shipping, goods]);
    expect(impact.lines[0]?.inputs).toMatchObject({ failedSessions: 37, averageOrderValueCents: aov, checkoutValueCents: 30_001, completedCheckouts: 7 });
    expect(impact.lines[1]?.inputs).toMatchObject({ duplicateShipments: 6, shippingCostCents: costs.shippingCostCents, 'acme.duplicateShipments': 3, 'cargo.duplicateShipments': 1 });
    expect(impact.lines[2]?.inputs).toMatchObject({ duplicateItems: 16, unitCostCents: costs.unitCostCents, 'bolt.duplicateItems': 4 });
    for (const line of impact.lines) expect(line.formula).toMatch(/×/);
  });

  it('prices failed sessions at nothing when no checkout completed, and an empty partner list at nothing', () => {
    const impact = computeImpact(liveFigures({ failedSessions: 50, completedCheckouts: 0, checkoutValueCents: 0, duplicates: {} }), { unitCostCents: 1800, shippingCostCents: 650 });
    expect(impact).toMatchObject({ averageOrderValueCents: 0, duplicateShipments: 0, duplicateItems: 0, totalCents: 0 });
  });
});

describe('money', () => {
  it('writes dollars with thousands separators and two decimals', () => {
    expect(money(0)).toBe('$0.00');
    expect(money(586_140)).toBe('$5,861.40');
    expect(money(123_456_789)).toBe('$1,234,567.89');
    expect(money(-5)).toBe('-$0.05');
  });
});
