-- The catalogue: titles (书目) and their copies (馆藏 / 复本).

CREATE TABLE titles (
    id             INTEGER PRIMARY KEY,
    isbn           TEXT UNIQUE,                         -- ISBN-13 digits, NULL for periodicals etc.
    title          TEXT NOT NULL,                       -- 题名
    subtitle       TEXT NOT NULL DEFAULT '',
    authors        TEXT NOT NULL DEFAULT '',            -- '; '-joined, in source order
    publisher      TEXT NOT NULL DEFAULT '',
    year           INTEGER,
    classification TEXT NOT NULL DEFAULT '',            -- 中图法, e.g. I242.4
    subjects       TEXT NOT NULL DEFAULT '',            -- '; '-joined
    summary        TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '',
    dedup_key      TEXT NOT NULL UNIQUE,                -- 'isbn:<13>' or 'ta:<title>|<first author>'
    added_at       TEXT NOT NULL,                       -- first copy catalogued: for /new
    updated_at     TEXT NOT NULL
);
CREATE INDEX titles_added ON titles (added_at DESC, id DESC);

CREATE TABLE copies (
    id             INTEGER PRIMARY KEY,
    title_id       INTEGER NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    barcode        TEXT NOT NULL UNIQUE COLLATE NOCASE, -- 条码号
    call_number    TEXT NOT NULL DEFAULT '',            -- 索书号
    location       TEXT NOT NULL DEFAULT '',            -- 馆藏地
    item_type      TEXT NOT NULL DEFAULT 'book'
                   CHECK (item_type IN ('book', 'reference', 'periodical')),
    status         TEXT NOT NULL DEFAULT 'on_shelf'
                   CHECK (status IN ('on_shelf', 'on_loan', 'on_hold_shelf', 'in_repair', 'lost', 'withdrawn')),
    price_cents    INTEGER,
    added_at       TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX copies_title ON copies (title_id, status);
