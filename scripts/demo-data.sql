-- A small sample source for the README's first command.
CREATE SCHEMA shop;
CREATE TYPE shop.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL, email varchar(120), signed_up date);
INSERT INTO shop.customers
SELECT g, 'Customer ' || g, 'c' || g || '@example.com', date '2024-01-01' + g % 365 FROM generate_series(1, 1000) AS g;
CREATE TABLE shop.orders (id bigint, customer_id int, placed_at timestamptz NOT NULL, total numeric(12, 2),
                          status shop.order_status, items jsonb) PARTITION BY RANGE (placed_at);
CREATE TABLE shop.orders_2024h1 PARTITION OF shop.orders FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
CREATE TABLE shop.orders_2024h2 PARTITION OF shop.orders FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');
INSERT INTO shop.orders
SELECT g, 1 + g % 1000, timestamptz '2024-01-01 00:00:00+00' + (g % 365) * interval '1 day',
       round((g % 500) * 1.37, 2), (ARRAY['new', 'paid', 'shipped']::shop.order_status[])[1 + g % 3],
       jsonb_build_array(jsonb_build_object('sku', 'SKU-' || g % 50, 'qty', 1 + g % 4))
FROM generate_series(1, 20000) AS g;
CREATE TABLE public."Audit Notes" (id int PRIMARY KEY, note text);
INSERT INTO public."Audit Notes" VALUES (1, 'mixed-case names are mirrored as they are');
