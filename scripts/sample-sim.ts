import { Calendar } from './sample-calendar';
import {
  CATEGORY_WEIGHTS,
  CHANNEL_WEIGHTS,
  CONSUMER,
  CORPORATE,
  REGION_WEIGHTS,
  WHOLESALE,
  type Catalog,
} from './sample-catalog';
import { Rng, at } from './sample-rng';

/** Customers by id order (signup order), in typed arrays so a million cost a few MB. */
export interface Population {
  size: number;
  signupDay: Int32Array;
  region: Uint8Array;
  channel: Uint8Array;
  segment: Uint8Array;
  prospect: Uint8Array;
  /** Purchase rate per day of operational time (BG/NBD lambda). */
  rate: Float64Array;
  /** Probability of dropping out after each purchase (BG/NBD p). */
  dropout: Float64Array;
  /** Quantity multiplier: how big this customer's baskets are. */
  basket: Float64Array;
  fav1: Uint8Array;
  fav2: Uint8Array;
}

/**
 * Mean purchase rate per day. Calibrated by running the generator: with one customer per
 * ORDERS_PER_CUSTOMER target orders, and the dropout and signup dates below, the order count
 * lands within ~5% of the target.
 */
const RATE_SCALE = 0.145;
const LEGACY_SHARE = 0.15;
const PROSPECT_SHARE = 0.11;
const REACTIVATION = 0.15;
const RETURN_SHARE = 0.015;

export function buildPopulation(seed: number, size: number, days: number): Population {
  const rng = new Rng(seed, 'customers');
  const signupDay = new Int32Array(size);
  const growth = 0.8;
  for (let i = 0; i < size; i++) {
    if (rng.chance(LEGACY_SHARE)) {
      signupDay[i] = rng.int(-days, -1);
    } else {
      // Acquisition grows over the window: density proportional to 1 + growth * y on [0, 1).
      const u = rng.next();
      const y = (-1 + Math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth;
      signupDay[i] = Math.min(days - 1, Math.floor(y * days));
    }
  }
  signupDay.sort();
  const pop: Population = {
    size,
    signupDay,
    region: new Uint8Array(size),
    channel: new Uint8Array(size),
    segment: new Uint8Array(size),
    prospect: new Uint8Array(size),
    rate: new Float64Array(size),
    dropout: new Float64Array(size),
    basket: new Float64Array(size),
    fav1: new Uint8Array(size),
    fav2: new Uint8Array(size),
  };
  for (let i = 0; i < size; i++) {
    const channel = rng.weighted(CHANNEL_WEIGHTS);
    const wholesale = channel === WHOLESALE;
    const x = rng.next();
    const segment = wholesale ? (x < 0.6 ? 1 : 2) : x < 0.86 ? CONSUMER : x < 0.96 ? 1 : 2;
    pop.region[i] = rng.weighted(REGION_WEIGHTS);
    pop.channel[i] = channel;
    pop.segment[i] = segment;
    pop.prospect[i] = rng.chance(PROSPECT_SHARE) ? 1 : 0;
    pop.rate[i] =
      rng.gamma(5, RATE_SCALE / 5) * (wholesale ? 1.2 : 1) * (segment === CORPORATE ? 1.2 : 1);
    pop.dropout[i] = rng.beta(2.5, 22);
    const segmentSize = segment === CONSUMER ? 1 : segment === CORPORATE ? 2.2 : 1.6;
    pop.basket[i] = rng.lognormal(0, 0.25) * segmentSize * (wholesale ? 1.3 : 1);
    pop.fav1[i] = rng.weighted(CATEGORY_WEIGHTS);
    pop.fav2[i] = rng.weighted(CATEGORY_WEIGHTS);
  }
  return pop;
}

export interface Line {
  product: number;
  quantity: number;
  revenueCents: number;
  costCents: number;
}

export interface OrderEvent {
  seq: number;
  customer: number;
  day: number;
  returned: boolean;
  lines: Line[];
}

/** Min-heap of (time, id) in typed arrays; ties resolve the same way on every run. */
class EventHeap {
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024);
  size = 0;

  push(key: number, id: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.ids);
      this.ids = v;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] ?? 0) <= key) break;
      this.keys[i] = this.keys[parent] ?? 0;
      this.ids[i] = this.ids[parent] ?? 0;
      i = parent;
    }
    this.keys[i] = key;
    this.ids[i] = id;
  }

  peekKey(): number {
    return this.keys[0] ?? 0;
  }

  pop(): number {
    const top = this.ids[0] ?? 0;
    const key = this.keys[--this.size] ?? 0;
    const id = this.ids[this.size] ?? 0;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && (this.keys[c + 1] ?? 0) < (this.keys[c] ?? 0)) c++;
      if ((this.keys[c] ?? 0) >= key) break;
      this.keys[i] = this.keys[c] ?? 0;
      this.ids[i] = this.ids[c] ?? 0;
      i = c;
    }
    this.keys[i] = key;
    this.ids[i] = id;
    return top;
  }
}

function quantity(rng: Rng, mean: number): number {
  if (mean <= 0) return 1;
  const extra = mean < 30 ? rng.poisson(mean) : Math.round(mean + Math.sqrt(mean) * rng.normal());
  return 1 + Math.max(0, extra);
}

/**
 * Runs every customer's buy-till-you-die process (Poisson purchases, dropout with probability
 * p after each, occasional reactivation) in one chronological pass and hands each order, with
 * its lines, to `emit` in date order. Returns arrive as separate orders with negative lines.
 */
export function simulate(
  seed: number,
  pop: Population,
  catalog: Catalog,
  cal: Calendar,
  emit: (order: OrderEvent) => void,
): void {
  const rng = new Rng(seed, 'orders');
  const heap = new EventHeap();
  const pendingReturns = new Map<number, { customer: number; lines: Line[] }>();
  let returnKey = 0;
  for (let i = 0; i < pop.size; i++) {
    if (pop.prospect[i]) continue;
    const signup = pop.signupDay[i] ?? 0;
    if (signup < 0) {
      heap.push(rng.exponential(1 / (pop.rate[i] ?? 0)), i);
    } else {
      const delay = rng.chance(0.45) ? rng.next() : rng.exponential(12);
      heap.push(cal.toOperational(signup + delay), i);
    }
  }

  let seq = 0;
  const end = cal.end;
  while (heap.size > 0 && heap.peekKey() < end) {
    const u = heap.peekKey();
    const id = heap.pop();
    const t = cal.toReal(u);
    const day = Math.min(cal.days - 1, Math.floor(t));
    if (id < 0) {
      const ret = pendingReturns.get(id);
      if (!ret) throw new Error(`return event ${id} has no pending return`);
      pendingReturns.delete(id);
      emit({ seq: ++seq, customer: ret.customer, day, returned: true, lines: ret.lines });
      continue;
    }
    const lines = basket(rng, id, pop, catalog, cal.isPromoDay(day));
    emit({ seq: ++seq, customer: id, day, returned: false, lines });
    if (rng.chance(RETURN_SHARE)) {
      const back = rng.chance(0.3) ? lines : [rng.pick(lines)];
      const key = -++returnKey;
      pendingReturns.set(key, {
        customer: id,
        lines: back.map((l) => ({
          product: l.product,
          quantity: -l.quantity,
          revenueCents: -l.revenueCents,
          costCents: -l.costCents,
        })),
      });
      heap.push(cal.toOperational(t + 2 + rng.exponential(10)), key);
    }
    if (!rng.chance(pop.dropout[id] ?? 0)) {
      heap.push(u + rng.exponential(1 / (pop.rate[id] ?? 0)), id);
    } else if (rng.chance(REACTIVATION)) {
      heap.push(cal.toOperational(t + 120 + rng.exponential(240)), id);
    }
  }
}

function basket(rng: Rng, c: number, pop: Population, catalog: Catalog, promo: boolean): Line[] {
  const wholesale = pop.channel[c] === WHOLESALE;
  const count = wholesale ? 1 + rng.poisson(1.3) : 1 + rng.poisson(0.45);
  const lines: Line[] = [];
  const discount = (wholesale ? 0.06 : 0) + (promo ? 0.12 : rng.chance(0.12) ? 0.05 : 0);
  for (let k = 0; k < count; k++) {
    const roll = rng.next();
    const category =
      roll < 0.35
        ? (pop.fav1[c] ?? 0)
        : roll < 0.6
          ? (pop.fav2[c] ?? 0)
          : rng.weighted(CATEGORY_WEIGHTS);
    const group = at(catalog.byCategory, category);
    const product = at(group.members, rng.weighted(group.cum));
    const qty = quantity(rng, (pop.basket[c] ?? 0) * rng.lognormal(0, 0.3) - 1);
    const p = at(catalog.products, product);
    const existing = lines.find((l) => l.product === product);
    const line = existing ?? { product, quantity: 0, revenueCents: 0, costCents: 0 };
    line.quantity += qty;
    line.revenueCents = Math.round(line.quantity * p.priceCents * (1 - discount));
    line.costCents = line.quantity * p.unitCostCents;
    if (!existing) lines.push(line);
  }
  return lines;
}
