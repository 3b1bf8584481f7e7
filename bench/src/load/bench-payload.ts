import { MessageIn } from '@hookline/contracts';

const EVENT_TYPE = 'invoice.paid';
const LINE_ITEMS = 6;

/**
 * A realistic event of about 1 KB (an invoice with line items). `seq` makes each one distinct, so
 * nothing downstream can get away with caching a single body.
 */
export function benchMessage(seq: number): MessageIn {
  return {
    eventType: EVENT_TYPE,
    payload: {
      invoiceId: `inv_${seq.toString().padStart(10, '0')}`,
      customer: { id: `cus_${(seq % 9973).toString(36)}`, email: `customer${seq % 9973}@example.com`, country: 'DE' },
      currency: 'EUR',
      amountCents: 1999 + (seq % 1000),
      paidAt: '2025-11-23T06:00:00.000Z',
      lines: Array.from({ length: LINE_ITEMS }, (_, i) => ({
        sku: `SKU-${(seq + i) % 1000}`,
        description: 'Monthly subscription seat, billed in advance',
        quantity: 1 + (i % 3),
        unitAmountCents: 333 + i,
      })),
      metadata: { source: 'hookline-bench', seq },
    },
  };
}
