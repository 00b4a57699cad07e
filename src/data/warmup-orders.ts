/**
 * A small orders export, made up, in the shape the app's own sample and most shop exports have
 * (ISO dates, decimal-point amounts, a status column with refunds): input for the engine's
 * warm-up (`state/engine-warmup.ts`), never shown or kept. Deterministic, so every page warms
 * the same code paths.
 */
export function warmupOrdersCsv(rows = 30_000): string {
  let seed = 20_240_105;
  // A linear congruential generator: enough spread for a few thousand customers and days.
  const next = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const customers = Math.max(1, Math.round(rows / 8));
  const day0 = Date.UTC(2023, 0, 1);
  const lines = ['order_id,customer_id,order_date,amount,status,quantity'];
  for (let i = 1; i <= rows; i++) {
    // Skewed towards the first customers, as real buyers are (a few buy most).
    const c = Math.floor(customers * next() ** 2) + 1;
    const date = new Date(day0 + Math.floor(next() * 730) * 86_400_000).toISOString().slice(0, 10);
    const refund = next() < 0.04;
    const amount = ((refund ? -1 : 1) * (5 + next() * 400)).toFixed(2);
    const qty = 1 + Math.floor(next() * 5);
    lines.push(
      `W${String(i).padStart(7, '0')},WC${String(c).padStart(6, '0')},${date},${amount},${refund ? 'refunded' : 'completed'},${qty}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
