-- Loans (借阅), holds (预约), extra closed days, and the notification outbox.

CREATE TABLE loans (
    id              INTEGER PRIMARY KEY,
    copy_id         INTEGER NOT NULL REFERENCES copies (id),
    reader_id       INTEGER NOT NULL REFERENCES readers (id),
    lent_at         TEXT NOT NULL,
    due_date        TEXT NOT NULL,                     -- school date 'YYYY-MM-DD' (应还日期)
    renewals        INTEGER NOT NULL DEFAULT 0,
    lent_by         INTEGER,                           -- telegram id of the desk, NULL = command line
    returned_at     TEXT,
    returned_by     INTEGER
);
-- A copy has at most one open loan: two desks racing for it cannot both win.
CREATE UNIQUE INDEX loans_open_copy ON loans (copy_id) WHERE returned_at IS NULL;
CREATE INDEX loans_reader ON loans (reader_id, returned_at);
CREATE INDEX loans_due ON loans (due_date) WHERE returned_at IS NULL;

CREATE TABLE holds (
    id              INTEGER PRIMARY KEY,
    title_id        INTEGER NOT NULL REFERENCES titles (id),
    reader_id       INTEGER NOT NULL REFERENCES readers (id),
    placed_at       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'waiting'
                    CHECK (status IN ('waiting', 'trapped', 'collected', 'cancelled', 'expired')),
    copy_id         INTEGER REFERENCES copies (id),    -- set when a copy is trapped for this hold
    trapped_at      TEXT,
    pickup_by       TEXT,                              -- school date: last day to collect
    coming          INTEGER NOT NULL DEFAULT 0,        -- reader said "I'll come and get it"
    closed_at       TEXT
);
-- One live hold per reader and title; the queue is (placed_at, id).
CREATE UNIQUE INDEX holds_live ON holds (title_id, reader_id) WHERE status IN ('waiting', 'trapped');
CREATE INDEX holds_queue ON holds (title_id, status, placed_at, id);
CREATE INDEX holds_reader ON holds (reader_id, status);

-- Closed days the librarian adds in chat, on top of the configured calendar.
CREATE TABLE closed_days (
    day             TEXT PRIMARY KEY,
    reason          TEXT NOT NULL DEFAULT '',
    added_by        INTEGER,
    added_at        TEXT NOT NULL
);

-- Every message the bot owes someone. Jobs write here; one sender drains it.
-- The unique key ('hold.ready:<hold>', 'reminder:predue:<loan>:<date>') makes it never twice.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    reader_id       INTEGER REFERENCES readers (id),
    telegram_id     INTEGER,                           -- resolved when sent if NULL
    kind            TEXT NOT NULL,                     -- message key in the i18n catalogue
    payload         TEXT NOT NULL DEFAULT '{}',        -- JSON: the message's parameters
    created_at      TEXT NOT NULL,
    not_before      TEXT NOT NULL,                     -- quiet hours push this later
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         TEXT
);
CREATE INDEX outbox_pending ON outbox (status, not_before);
