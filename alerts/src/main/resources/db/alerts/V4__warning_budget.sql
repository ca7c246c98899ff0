-- The protected person's warning budget (issue #18 part 3; alerts/README.md, "Routing"). A warning text the
-- budget withholds from her is still written, as a notification row in state SUPPRESSED: it holds the
-- recipient's idempotency key (so the text is owed once: sent or suppressed, never both), it is never claimed
-- (the dispatcher takes PENDING and SENDING rows only), the notifications_chain trigger (V3) chains it into
-- the alert's evidence like every other notification, and the alert's detail lists it for the desk.
ALTER TABLE notifications
    ADD COLUMN suppressed_reason   text,         -- repeat | daily_cap (SUPPRESSED rows only)
    ADD COLUMN suppressed_after    timestamptz,  -- repeat: the warning text it would have repeated;
                                                 -- daily_cap: the oldest warning text of the rolling 24 h
    ADD COLUMN budget_repeat_quiet text,         -- the rule in force: quiet period (ISO-8601 duration) ...
    ADD COLUMN budget_daily_cap    integer,      -- ... and cap per rolling 24 h
    ADD COLUMN suppressed_note     text;         -- the reason in English words, as the record states it
ALTER TABLE notifications
    ADD CONSTRAINT notifications_suppressed_reason
        CHECK (suppressed_reason IN ('repeat', 'daily_cap')),
    ADD CONSTRAINT notifications_suppressed_has_reason
        CHECK ((state = 'SUPPRESSED') = (suppressed_reason IS NOT NULL));
