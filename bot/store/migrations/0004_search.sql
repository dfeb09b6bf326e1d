-- The catalogue search index. Rows are computed in Python (bot/domain/search_text.py: OpenCC
-- folding, bigrams, pypinyin) and written by bot/store/catalog.py in the import's transaction.
-- Design and measurements: docs/benchmarks.md.

-- One row per title: the folded keys the ranking compares, and copies on shelf for the order.
-- Clustered by the rank order (copies on shelf, then title): an unselective query reads its
-- page by walking this table in order, with no lookup per row.
CREATE TABLE search_doc (
    on_shelf     INTEGER NOT NULL DEFAULT 0, -- copies with status on_shelf (kept by triggers)
    title_key    TEXT NOT NULL,              -- folded title, words joined by one space
    title_id     INTEGER NOT NULL UNIQUE REFERENCES titles (id) ON DELETE CASCADE,
    match_key    TEXT NOT NULL,              -- folded title + subtitle (substring matches)
    author_key   TEXT NOT NULL,              -- folded authors without role/nationality
    py_full      TEXT NOT NULL DEFAULT '',   -- xiyouji
    py_initials  TEXT NOT NULL DEFAULT '',   -- xyj
    py_rest      TEXT NOT NULL DEFAULT '',   -- 'youji ji yj j': tokens after the 1st syllable
    py_authors   TEXT NOT NULL DEFAULT '',   -- 'luxun xun lx x'
    PRIMARY KEY (on_shelf DESC, title_key, title_id)
) WITHOUT ROWID;
-- Exact and prefix matches are range scans.
CREATE INDEX search_doc_title ON search_doc (title_key);
-- Ranking a list of candidate ids: the sort keys without touching the wide rows.
CREATE INDEX search_doc_id ON search_doc (title_id, on_shelf, title_key);

-- Substring search: every 2-character window of match_key / author_key plus each word's last
-- character, space-separated ('西游 游记 记'). The ascii tokenizer splits on the spaces only
-- (every non-ASCII character is a token character); prefix='1' makes a 1-character query one
-- doclist read. Contentless: the token text is not stored twice. Titles and authors are two
-- tables, so a query that matches no author does not walk the titles' long doclists.
CREATE VIRTUAL TABLE search_fts_title USING fts5 (
    tb, content = '', columnsize = 0, tokenize = 'ascii', prefix = '1'
);
CREATE VIRTUAL TABLE search_fts_author USING fts5 (
    ab, content = '', columnsize = 0, tokenize = 'ascii', prefix = '1'
);

-- Pinyin tokens, a B-tree so that a prefix is a range scan that can stop early.
-- field: 0 whole-title pinyin, 1 whole-title initials, 2 later title tokens, 3 author tokens.
CREATE TABLE search_py (
    field        INTEGER NOT NULL,
    token        TEXT NOT NULL,
    title_id     INTEGER NOT NULL,
    PRIMARY KEY (field, token, title_id)
) WITHOUT ROWID;

-- Copies on shelf per title, whoever changes a copy (import, lending, returns, repairs).
CREATE TRIGGER copies_search_insert AFTER INSERT ON copies BEGIN
    UPDATE search_doc SET on_shelf = (
        SELECT count(*) FROM copies WHERE title_id = NEW.title_id AND status = 'on_shelf'
    ) WHERE title_id = NEW.title_id;
END;

CREATE TRIGGER copies_search_update AFTER UPDATE OF status, title_id ON copies
WHEN OLD.status IS NOT NEW.status OR OLD.title_id IS NOT NEW.title_id BEGIN
    UPDATE search_doc SET on_shelf = (
        SELECT count(*) FROM copies WHERE title_id = OLD.title_id AND status = 'on_shelf'
    ) WHERE title_id = OLD.title_id;
    UPDATE search_doc SET on_shelf = (
        SELECT count(*) FROM copies WHERE title_id = NEW.title_id AND status = 'on_shelf'
    ) WHERE title_id = NEW.title_id;
END;

CREATE TRIGGER copies_search_delete AFTER DELETE ON copies BEGIN
    UPDATE search_doc SET on_shelf = (
        SELECT count(*) FROM copies WHERE title_id = OLD.title_id AND status = 'on_shelf'
    ) WHERE title_id = OLD.title_id;
END;
