-- Readers, Telegram accounts, roles, link codes and the audit log.
-- Times are UTC ISO-8601 text ('2026-09-07T02:00:00Z'); dates are 'YYYY-MM-DD' school dates.

CREATE TABLE readers (
    id           INTEGER PRIMARY KEY,
    card_number  TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- 借书证号
    name         TEXT NOT NULL,                         -- 姓名
    category     TEXT NOT NULL CHECK (category IN ('student', 'teacher', 'staff')),
    grade        INTEGER CHECK (grade IS NULL OR grade BETWEEN 1 AND 12),
    class_name   TEXT,                                  -- 班级, e.g. 3A
    active       INTEGER NOT NULL DEFAULT 1,            -- 0 = left the school; kept for history
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX readers_class ON readers (class_name);
CREATE INDEX readers_name ON readers (name);

-- A Telegram account. It becomes a reader only through a link code; one account, one reader.
CREATE TABLE accounts (
    telegram_id  INTEGER PRIMARY KEY,
    reader_id    INTEGER UNIQUE REFERENCES readers (id) ON DELETE SET NULL,
    language     TEXT CHECK (language IS NULL OR language IN ('zh', 'en')),  -- /settings override
    tg_language  TEXT,                                  -- last language_code Telegram reported
    first_name   TEXT NOT NULL DEFAULT '',
    username     TEXT,
    linked_at    TEXT,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

-- Roles beyond "reader". Librarians come from the configuration, so only helpers are stored.
CREATE TABLE reader_roles (
    reader_id    INTEGER PRIMARY KEY REFERENCES readers (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('helper')),
    granted_by   INTEGER NOT NULL,                      -- telegram id of the librarian
    granted_at   TEXT NOT NULL
);

-- One-time link codes printed or sent by the librarian.
CREATE TABLE link_codes (
    code         TEXT PRIMARY KEY,
    reader_id    INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    created_by   TEXT NOT NULL,                         -- 'cli' or the librarian's telegram id
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    used_by      INTEGER,                               -- telegram id that redeemed it
    replaced_at  TEXT                                   -- a newer code for the reader was issued
);
CREATE INDEX link_codes_reader ON link_codes (reader_id);

-- Wrong link codes, to slow down guessing (5 an hour by default).
CREATE TABLE link_failures (
    id           INTEGER PRIMARY KEY,
    telegram_id  INTEGER NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX link_failures_account ON link_failures (telegram_id, at);

-- Every staff action and every change of rights: who, what, when.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        INTEGER,                               -- telegram id, NULL for the command line
    action       TEXT NOT NULL,                         -- 'role.grant', 'loan.lend', ...
    object_type  TEXT,
    object_id    TEXT,
    details      TEXT NOT NULL DEFAULT '{}'             -- JSON
);
CREATE INDEX audit_log_at ON audit_log (at);
