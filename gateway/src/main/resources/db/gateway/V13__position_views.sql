-- One viewing session of an order's positions: the console makes a view id each time an officer opens an
-- alert's map and sends it with every poll of GET /api/orders/{id}/positions?view=... . The first read of a
-- view writes the one position.read audit row (reason 'view <view_id>') in the same transaction as this row;
-- later reads only move last_read_at and count reads (the first included). A view belongs to one user and
-- one order. Append-mostly; retention never touches it, like audit_log.
CREATE TABLE position_views (
    view_id      uuid        PRIMARY KEY,
    actor        text        NOT NULL,
    role         text        NOT NULL,
    order_id     text        NOT NULL,
    started_at   timestamptz NOT NULL,
    last_read_at timestamptz NOT NULL,
    reads        integer     NOT NULL CHECK (reads >= 1)
);
CREATE INDEX position_views_actor ON position_views (actor, started_at);
