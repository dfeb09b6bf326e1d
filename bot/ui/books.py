"""How books look on a phone: result lines and the book card, in the reader's language."""

from __future__ import annotations

from collections import Counter
from datetime import date

from bot.domain.catalog import Availability, CopyStatus, ItemType
from bot.services.catalog import BookCard, TitleHit
from bot.ui.format import fmt_day
from bot.ui.i18n import t

LABEL_MAX = 40


def short_date(lang: str, day: date) -> str:
    """A school date as readers see it everywhere (3月16日（周一） / Mon 16 Mar)."""
    return fmt_day(lang, day)


def authors_text(lang: str, authors: tuple[str, ...]) -> str:
    return t(lang, "book.authors_sep").join(authors) if authors else t(lang, "book.no_author")


_READING_ROOM = (ItemType.REFERENCE, ItemType.PERIODICAL)


def availability_text(lang: str, avail: Availability, reference_only: bool | None = None) -> str:
    if reference_only is None:
        reference_only = bool(avail.item_types) and all(i in _READING_ROOM for i in avail.item_types)
    if reference_only:
        return t(lang, "book.reading_room_only")
    if avail.total == 0:
        return t(lang, "book.no_copies")
    text = t(lang, "book.on_shelf", on_shelf=avail.on_shelf, total=avail.total)
    if avail.on_shelf == 0 and avail.earliest_due is not None:
        text += t(lang, "book.earliest_due", due=short_date(lang, avail.earliest_due))
    return text


def result_line(lang: str, number: int, hit: TitleHit) -> str:
    title = hit.title + (f"：{hit.subtitle}" if hit.subtitle and lang == "zh" else
                         f": {hit.subtitle}" if hit.subtitle else "")
    return t(lang, "search.line", n=number, title=title, authors=authors_text(lang, hit.authors),
             availability=availability_text(lang, hit.availability))


def button_label(number: int, title: str) -> str:
    label = f"{number}. {title}"
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _shelves(lang: str, card: BookCard) -> list[str]:
    """One line per place the copies stand: call number, location, on shelf there."""
    places: Counter[tuple[str, str]] = Counter()
    shelf: Counter[tuple[str, str]] = Counter()
    for copy in card.copies:
        if copy.status in (CopyStatus.LOST, CopyStatus.WITHDRAWN):
            continue
        key = (copy.call_number or "-", copy.location or "-")
        places[key] += 1
        shelf[key] += copy.status is CopyStatus.ON_SHELF
    if len(places) == 1:
        (call, where), = places
        return [t(lang, "card.place_single", call_number=call, location=where)]
    return [t(lang, "card.place", call_number=call, location=where, on_shelf=shelf[(call, where)],
              total=count) for (call, where), count in places.items()]


def card_text(lang: str, card: BookCard) -> str:
    row, avail = card.title, card.availability
    lines = [t(lang, "card.title", title=row.title)]
    if row.subtitle:
        lines.append(row.subtitle)
    published = " ".join(str(p) for p in (row.publisher, row.year) if p)
    lines.append(authors_text(lang, row.authors) + (f" | {published}" if published else ""))
    if card.isbn:
        lines.append(f"ISBN {card.isbn}")
    if row.classification:
        lines.append(t(lang, "card.classification", classification=row.classification))
    lines.append("")
    lines += _shelves(lang, card)
    lines.append(availability_text(lang, avail, card.reference_only))
    if avail.holds_waiting:
        lines.append(t(lang, "card.waiting", count=avail.holds_waiting))
    if row.summary:
        summary = row.summary if len(row.summary) <= 300 else row.summary[:299] + "…"
        lines += ["", summary]
    return "\n".join(lines)


def hit_text(lang: str, hit: TitleHit) -> str:
    """A compact card from a search hit (inline mode: no extra queries per result)."""
    lines = [t(lang, "card.title", title=hit.title), authors_text(lang, hit.authors)]
    published = " ".join(str(p) for p in (hit.publisher, hit.year) if p)
    if published:
        lines.append(published)
    if hit.isbn:
        lines.append(f"ISBN {hit.isbn}")
    lines.append(availability_text(lang, hit.availability))
    return "\n".join(lines)
