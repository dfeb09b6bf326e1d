"""The search index rows of a title: written in the transaction that changes the title.

``bot.store.catalog_import`` removes (``remove_title_index``) and writes (``index_rows`` and the
``INSERT_*`` statements) a title's rows whenever its text changes; copies-on-shelf follow copies
through the triggers of migration 0004. The benchmark's bulk loader uses the same rows and
statements, so it builds exactly this index.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from bot.domain.search_text import SearchDoc, key_bigrams


def _py_rows(doc_py: tuple[str, str, str, str], title_id: int) -> list[tuple[str, int, int]]:
    full, initials, rest, authors = doc_py
    rows = [(full, 0, title_id), (initials, 1, title_id)]
    rows += [(t, 2, title_id) for t in rest.split()] + [(t, 3, title_id) for t in authors.split()]
    return [r for r in rows if r[0]]


def remove_title_index(conn: sqlite3.Connection, title_id: int) -> None:
    """Delete a title's index rows (FTS needs the old tokens: they are rebuilt from search_doc)."""
    row = conn.execute(
        "SELECT match_key, author_key, py_full, py_initials, py_rest, py_authors"
        " FROM search_doc WHERE title_id = ?", (title_id,),
    ).fetchone()
    if row is None:
        return
    conn.execute(
        "INSERT INTO search_fts_title (search_fts_title, rowid, tb) VALUES ('delete', ?, ?)",
        (title_id, " ".join(key_bigrams(row[0]))),
    )
    conn.execute(
        "INSERT INTO search_fts_author (search_fts_author, rowid, ab) VALUES ('delete', ?, ?)",
        (title_id, " ".join(key_bigrams(row[1]))),
    )
    conn.executemany(
        "DELETE FROM search_py WHERE token = ? AND field = ? AND title_id = ?",
        _py_rows((row[2], row[3], row[4], row[5]), title_id),
    )
    conn.execute("DELETE FROM search_doc WHERE title_id = ?", (title_id,))


INSERT_DOC = (
    "INSERT INTO search_doc (title_id, title_key, match_key, author_key, py_full, py_initials,"
    " py_rest, py_authors, on_shelf) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
    " (SELECT count(*) FROM copies WHERE title_id = ?1 AND status = 'on_shelf'))"
)
INSERT_FTS_TITLE = "INSERT INTO search_fts_title (rowid, tb) VALUES (?, ?)"
INSERT_FTS_AUTHOR = "INSERT INTO search_fts_author (rowid, ab) VALUES (?, ?)"
INSERT_PY = "INSERT OR IGNORE INTO search_py (token, field, title_id) VALUES (?, ?, ?)"


@dataclass(frozen=True, slots=True)
class IndexRows:
    """The rows for INSERT_DOC, INSERT_FTS_TITLE, INSERT_FTS_AUTHOR and INSERT_PY."""

    doc: tuple[Any, ...]
    fts_title: tuple[Any, ...]
    fts_author: tuple[Any, ...]
    py: list[tuple[str, int, int]]


def index_rows(title_id: int, d: SearchDoc) -> IndexRows:
    """A title's index rows (also used by the benchmark's bulk loader)."""
    return IndexRows(
        (title_id, d.title_key, d.match_key, d.author_key, d.py_full, d.py_initials, d.py_rest,
         d.py_authors),
        (title_id, d.title_bigrams),
        (title_id, d.author_bigrams),
        _py_rows((d.py_full, d.py_initials, d.py_rest, d.py_authors), title_id),
    )
