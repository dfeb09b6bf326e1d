from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pymarc import Record

from bot.domain.catalog import CopyRecord, ItemType, Rejected, TitleRecord
from bot.importers import parse_catalog_file

CJK = re.compile("[\u4e00-\u9fff]")
Fixture = Callable[[str], Path]


def test_loc_sample(marc_fixture: Fixture) -> None:
    progress: list[int] = []
    result = parse_catalog_file(marc_fixture("loc_sample.mrc"), progress=progress.append)
    assert progress == [500, 1000, 1500, 1600]  # 1,600 records read
    assert result.rejected == [Rejected(171, "isbn.invalid", "51622218")]  # record kept
    # 8 records share an ISBN with an earlier one; 2 (859, 860) share title and authors, no ISBN
    assert len(result.titles) == 1591
    assert sum(1 for t in result.titles if CJK.search(t.title)) == 1173
    assert all(re.fullmatch(r"97[89]\d{10}", t.isbn) for t in result.titles if t.isbn)
    assert sum(1 for t in result.titles if t.isbn) == 1484
    assert all(not t.copies for t in result.titles)  # LoC data has no item holdings
    by_isbn = {t.isbn: t for t in result.titles}
    assert by_isbn["9789571117843"] == TitleRecord(
        title="明代政治制度",  # from 880, not "Ming dai zheng zhi zhi du"
        isbn="9789571117843",
        authors=("張治安",),
        publisher="五南圖書出版有限公司",
        year=1999,
        classification="DS753",
        subjects=("China",),
        language="zh",
    )


def test_cnmarc_gbk(marc_fixture: Fixture) -> None:
    result = parse_catalog_file(marc_fixture("cnmarc_gbk.mrc"))
    journey, chamber, kingdoms = result.titles
    assert journey == TitleRecord(
        title="西游记",
        isbn="9787020008735",
        subtitle="全二册",
        authors=("吴承恩",),
        publisher="人民文学出版社",
        year=1980,
        classification="I242.4",
        subjects=("章回小说",),
        summary="唐僧师徒西天取经的故事。",
        language="zh",
        copies=(
            CopyRecord("SX000001", "I242.4/12", "SXLIB", 4720, ItemType.BOOK),
            CopyRecord("SX000002", "I242.4/12", "SXLIB", 4720, ItemType.BOOK),
        ),
    )
    assert (chamber.isbn, chamber.authors, chamber.year) == (
        "9787020002207",
        ("曹雪芹", "高鹗"),
        1982,
    )
    assert chamber.copies == (CopyRecord("SX000003", "I242.47/3", "阅览室", 5970),)
    assert (kingdoms.title, kingdoms.isbn) == ("三国演义", None)  # bad ISBN dropped, record kept
    assert [c.barcode for c in kingdoms.copies] == ["SX000004"]
    assert result.rejected == [
        Rejected(3, "isbn.invalid", "978-7-02-000873-6"),
        Rejected(3, "barcode.missing", ""),
    ]


def test_marc8(marc_fixture: Fixture) -> None:
    result = parse_catalog_file(marc_fixture("marc8_sample.mrc"))
    assert result.rejected == []
    loneliness, wandering = result.titles
    assert loneliness.title == "Escape from loneliness"
    assert loneliness.authors == ("Tournier, Paul",)
    assert (wandering.title, wandering.authors, wandering.publisher) == (
        "彷徨",  # EACC (MARC-8 CJK) in the 880
        ("鲁迅",),
        "人民文学出版社",
    )


def test_marc8_diacritics_decode(marc_fixture: Fixture) -> None:
    from bot.importers.iso2709 import decode_record, iter_raw_records

    with marc_fixture("marc8_sample.mrc").open("rb") as handle:
        record = decode_record(next(iter_raw_records(handle)))
    notes = " ".join(f.value() for f in record.get_fields("500", "505", "650", "700"))
    assert "\ufffd" not in notes
    assert isinstance(record, Record)  # MARC-8 goes through pymarc
    assert "\x1b" not in record.as_json()


def test_corrupt_records_are_reported_and_the_rest_read(marc_fixture: Fixture) -> None:
    result = parse_catalog_file(marc_fixture("corrupt.mrc"))
    assert [t.title for t in result.titles] == ["彷徨", "西游记"]  # records 1 and 3
    assert [(r.where, r.reason) for r in result.rejected] == [
        (2, "marc.unreadable"),
        (4, "marc.unreadable"),
    ]
    assert "truncated" in result.rejected[1].detail


def test_newlines_between_records_and_leader_claiming_utf8_for_gbk(
    marc_fixture: Fixture, tmp_path: Path
) -> None:
    data = marc_fixture("cnmarc_gbk.mrc").read_bytes()
    records = [r + b"\x1d" for r in data.split(b"\x1d") if r]
    records = [r[:9] + b"a" + r[10:] for r in records]  # a vendor that sets leader/09 wrongly
    path = tmp_path / "crlf.iso"
    path.write_bytes(b"\r\n".join(records) + b"\r\n")
    result = parse_catalog_file(path)
    assert [t.title for t in result.titles] == ["西游记", "红楼梦", "三国演义"]


def test_fast_decoder_maps_exactly_like_pymarc(marc_fixture: Fixture) -> None:
    from bot.importers import marc
    from bot.importers.iso2709 import LightRecord, decode_record, iter_raw_records

    for name in ("loc_sample.mrc", "cnmarc_gbk.mrc"):
        with marc_fixture(name).open("rb") as handle:
            chunks = list(iter_raw_records(handle))
        for chunk in chunks:
            light = decode_record(chunk, marc._WANTED_BYTES)
            slow = decode_record(chunk, marc._WANTED_BYTES, fast=False)
            assert isinstance(light, LightRecord) and isinstance(slow, Record)
            for mapper in (marc._map_marc21, marc._map_unimarc):
                assert mapper(light) == mapper(slow)
            assert list(marc._copies(light, "010", set())) == list(marc._copies(slow, "010", set()))


def test_worker_processes_read_a_file_exactly_like_one_process(
    marc_fixture: Fixture, tmp_path: Path
) -> None:
    """A big file is mapped in a process pool; batches are merged in file order, so titles,
    copies, problems and record numbers are those of the sequential reader."""
    from bot.domain.search_text import search_doc
    from bot.importers.marc_file import parse_marc_stream

    gbk = marc_fixture("cnmarc_gbk.mrc").read_bytes()  # items with barcodes
    data = gbk + marc_fixture("loc_sample.mrc").read_bytes()[:300_000] + gbk + b"01234broken"
    path = tmp_path / "mixed.mrc"
    path.write_bytes(data)
    with path.open("rb") as handle:
        one = parse_marc_stream(handle)
    with path.open("rb") as handle:
        pooled = parse_marc_stream(handle, workers=2, batch_records=7)
    assert "barcode.duplicate" in {r.reason for r in one.rejected}  # the second gbk copy
    assert "marc.unreadable" in {r.reason for r in one.rejected}
    assert pooled.rejected == one.rejected
    assert pooled.titles == one.titles and len(one.titles) > 200
    assert all(t.search is None for t in one.titles)
    assert all(t.search == search_doc(t.title, t.subtitle, t.authors) for t in pooled.titles)
