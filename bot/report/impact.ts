import type { Scenario } from '../../chaos/scenario/schema.js';
import type { Impact, ImpactLine, LiveFigures } from './types.js';

type ImpactFigures = Pick<LiveFigures, 'duplicates' | 'failedSessions' | 'completedCheckouts' | 'checkoutValueCents'>;

/**
 * The business impact from the lab's own figures, never from the investigator's words:
 * lost revenue is failed shopper sessions at the real average order value; duplicates cost
 * their shipping and their goods, from the partners' ground truth. Each line carries its
 * formula and inputs so a reader can redo the sum.
 */
export function computeImpact(live: ImpactFigures, costs: Scenario['impact']): Impact {
  // Whole cents: the average is what a shopper's basket is worth, and cents are the unit of every line.
  const averageOrderValueCents = live.completedCheckouts > 0 ? Math.round(live.checkoutValueCents / live.completedCheckouts) : 0;
  const partners = Object.keys(live.duplicates).sort();
  let duplicateShipments = 0;
  let duplicateItems = 0;
  const perPartner: Record<string, number> = {};
  for (const p of partners) {
    const d = live.duplicates[p] ?? { duplicateShipments: 0, duplicateItems: 0 };
    duplicateShipments += d.duplicateShipments;
    duplicateItems += d.duplicateItems;
    perPartner[`${p}.duplicateShipments`] = d.duplicateShipments;
    perPartner[`${p}.duplicateItems`] = d.duplicateItems;
  }

  const lines: ImpactLine[] = [
    {
      name: 'lost revenue from failed shopper sessions',
      formula: `failedSessions × averageOrderValueCents, where averageOrderValueCents = round(checkoutValueCents / completedCheckouts) = round(${live.checkoutValueCents} / ${live.completedCheckouts}) (0 without a completed checkout)`,
      inputs: { failedSessions: live.failedSessions, averageOrderValueCents, checkoutValueCents: live.checkoutValueCents, completedCheckouts: live.completedCheckouts },
      cents: live.failedSessions * averageOrderValueCents,
    },
    {
      name: 'shipping of duplicate shipments',
      formula: `duplicateShipments × shippingCostCents, duplicateShipments summed over partners (${partners.join(', ') || 'none'})`,
      inputs: { duplicateShipments, shippingCostCents: costs.shippingCostCents, ...pick(perPartner, 'duplicateShipments') },
      cents: duplicateShipments * costs.shippingCostCents,
    },
    {
      name: 'goods shipped twice',
      formula: `duplicateItems × unitCostCents, duplicateItems summed over partners (${partners.join(', ') || 'none'})`,
      inputs: { duplicateItems, unitCostCents: costs.unitCostCents, ...pick(perPartner, 'duplicateItems') },
      cents: duplicateItems * costs.unitCostCents,
    },
  ];
  return {
    failedSessions: live.failedSessions, averageOrderValueCents, duplicateShipments, duplicateItems,
    lines, totalCents: lines.reduce((sum, l) => sum + l.cents, 0),
  };
}

const pick = (r: Record<string, number>, suffix: string): Record<string, number> =>
  Object.fromEntries(Object.entries(r).filter(([k]) => k.endsWith(`.${suffix}`)));

/** `$1,234.56`: written out by hand so the report reads the same whatever the host's locale data. */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
