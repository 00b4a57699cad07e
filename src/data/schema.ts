/**
 * The canonical tables: the contract between ingest (which fills them) and analysis (which
 * only ever reads them). README.md documents the same thing for users.
 */
export const CANONICAL_DDL = {
  customers: `CREATE OR REPLACE TABLE customers (
    customer_id VARCHAR NOT NULL PRIMARY KEY,
    name VARCHAR,
    signup_date DATE,
    region VARCHAR,
    channel VARCHAR,
    segment VARCHAR
  )`,
  orders: `CREATE OR REPLACE TABLE orders (
    order_id VARCHAR,
    customer_id VARCHAR NOT NULL,
    order_date DATE NOT NULL,
    amount DOUBLE NOT NULL,
    status VARCHAR,
    quantity DOUBLE,
    is_return BOOLEAN NOT NULL DEFAULT false
  )`,
  order_items: `CREATE OR REPLACE TABLE order_items (
    order_id VARCHAR NOT NULL,
    product_id VARCHAR NOT NULL,
    quantity DOUBLE,
    revenue DOUBLE NOT NULL,
    cost DOUBLE
  )`,
  products: `CREATE OR REPLACE TABLE products (
    product_id VARCHAR NOT NULL PRIMARY KEY,
    name VARCHAR,
    category VARCHAR,
    unit_cost DOUBLE
  )`,
} as const;

export type CanonicalTable = keyof typeof CANONICAL_DDL;

export const CANONICAL_COLUMNS: Record<CanonicalTable, readonly string[]> = {
  customers: ['customer_id', 'name', 'signup_date', 'region', 'channel', 'segment'],
  orders: ['order_id', 'customer_id', 'order_date', 'amount', 'status', 'quantity', 'is_return'],
  order_items: ['order_id', 'product_id', 'quantity', 'revenue', 'cost'],
  products: ['product_id', 'name', 'category', 'unit_cost'],
};

/** Columns a file must provide (after mapping) for the table to load. */
export const REQUIRED_COLUMNS: Record<CanonicalTable, readonly string[]> = {
  customers: ['customer_id'],
  orders: ['customer_id', 'order_date', 'amount'],
  order_items: ['order_id', 'product_id', 'revenue'],
  products: ['product_id'],
};

/**
 * The comment the ingest puts on `orders` when every order id in it is on one row only (one
 * order-level file without repeated ids), so that customer_days can skip grouping rows by id.
 * Any other way of filling `orders` (CREATE OR REPLACE, a restored snapshot or workspace)
 * leaves no comment; the ingest writes it only after its last insert into `orders`.
 */
export const UNIQUE_ORDER_IDS_COMMENT = 'clientele: order ids unique';
