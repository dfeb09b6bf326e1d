"""Build the MARC test fixtures in tests/fixtures/marc/.

Regenerate (the sources are in pymarc's source distribution, which is not in the repo):

    pip download --no-deps --no-binary :all: pymarc==5.4.0 -d /tmp/pymarc_sdist
    tar xzf /tmp/pymarc_sdist/pymarc-5.4.0.tar.gz -C /tmp/pymarc_sdist
    .venv/bin/python bench/tools/extract_marc_fixture.py --sdist /tmp/pymarc_sdist/pymarc-5.4.0

Writes:

* ``loc_sample.mrc``: records copied byte for byte from the Library of Congress file
  ``BooksAll.2016.part01.utf8`` (MARC21, UTF-8; at the root of the sdist, 250,000
  records): the first ``--cjk`` (1,200) records that have Chinese characters in an 880
  field and every 100th other record up to ``--plain`` (400), in file order; extraction
  stops early rather than pass 1.95 MB.
* ``marc8_sample.mrc``: pymarc's ``test/marc8.dat`` (MARC-8 with diacritics; BSD-2 licence)
  and a synthetic MARC-8 record whose 880 fields carry Chinese in EACC escape sequences.
* ``cnmarc_gbk.mrc``: 3 synthetic UNIMARC/CNMARC records in GBK with 905 holdings; the
  third has an ISBN with a wrong check digit and a 905 without a barcode.
* ``corrupt.mrc``: good, broken directory, good, truncated (4 records).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from pymarc import Field, Indicators, Record, Subfield
from pymarc.marc8_mapping import CODESETS

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "marc"
MAX_BYTES = 1_950_000  # stop before this; the fixture stays under 2 MB
CJK = re.compile("[\u4e00-\u9fff]")
UNIMARC_LEADER = "00000nam0 2200000   450 "
MARC21_LEADER = "00000cam  2200000 a 4500"


def raw_records(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while head := handle.read(5):
            yield head + handle.read(int(head) - 5)


def has_cjk_880(raw: bytes) -> bool:
    base = int(raw[12:17])
    directory = raw[24 : base - 1]
    for i in range(0, len(directory), 12):
        if directory[i : i + 3] == b"880":
            length, start = int(directory[i + 3 : i + 7]), int(directory[i + 7 : i + 12])
            text = raw[base + start : base + start + length].decode("utf-8", "replace")
            if CJK.search(text):
                return True
    return False


def extract_loc(source: Path, cjk: int, plain: int) -> list[bytes]:
    chosen: list[bytes] = []
    n_cjk = n_plain = others = size = 0
    for raw in raw_records(source):
        if (n_cjk >= cjk and n_plain >= plain) or size + len(raw) > MAX_BYTES:
            break
        if has_cjk_880(raw):
            if n_cjk < cjk:
                chosen.append(raw)
                n_cjk += 1
                size += len(raw)
        else:
            others += 1
            if others % 100 == 0 and n_plain < plain:
                chosen.append(raw)
                n_plain += 1
                size += len(raw)
    print(f"loc_sample: {n_cjk} records with CJK in 880, {n_plain} others, {size} bytes")
    return chosen


def serialize(record: Record, encode: Callable[[str], bytes]) -> bytes:
    """ISO 2709 bytes with a chosen encoding (pymarc only writes UTF-8 or Latin-1)."""
    directory, body = b"", b""
    for field in record.fields:
        if field.is_control_field():
            data = encode(field.data or "") + b"\x1e"
        else:
            subfields = "".join(f"\x1f{s.code}{s.value}" for s in field.subfields)
            data = encode(f"{field.indicator1}{field.indicator2}") + encode(subfields) + b"\x1e"
        directory += f"{field.tag}{len(data):04d}{len(body):05d}".encode()
        body += data
    base = 24 + len(directory) + 1
    total = base + len(body) + 1
    leader = str(record.leader)
    head = f"{total:05d}{leader[5:12]}{base:05d}{leader[17:24]}".encode()
    return head + directory + b"\x1e" + body + b"\x1d"


def field(tag: str, ind: str, *pairs: str) -> Field:
    subfields = [Subfield(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]
    return Field(tag=tag, indicators=Indicators(ind[0], ind[1]), subfields=subfields)


def cnmarc_records() -> list[Record]:
    def book(*fields: Field) -> Record:
        return Record(leader=UNIMARC_LEADER, fields=[Field(tag="001", data="CN"), *fields])

    return [
        book(
            field("010", "  ", "a", "978-7-02-000873-5", "d", "CNY47.20"),
            field("101", "0 ", "a", "chi"),
            field("200", "1 ", "a", "西游记", "e", "全二册", "f", "(明)吴承恩著"),
            field("210", "  ", "a", "北京", "c", "人民文学出版社", "d", "1980"),
            field("330", "  ", "a", "唐僧师徒西天取经的故事。"),
            field("606", "0 ", "a", "章回小说"),
            field("690", "  ", "a", "I242.4", "v", "5"),
            field("701", " 0", "a", "吴承恩", "4", "著"),
            field("905", "  ", "a", "SXLIB", "b", "SX000001", "d", "I242.4", "e", "12"),
            field("905", "  ", "a", "SXLIB", "b", "SX000002", "d", "I242.4", "e", "12"),
        ),
        book(
            field("010", "  ", "a", "7-02-000220-X", "d", "CNY59.70"),
            field("200", "1 ", "a", "红楼梦", "f", "曹雪芹, 高鹗著"),
            field("210", "  ", "a", "北京", "c", "人民文学出版社", "d", "1982.3"),
            field("690", "  ", "a", "I242.47"),
            field("701", " 0", "a", "曹雪芹", "4", "著"),
            field("702", " 0", "a", "高鹗", "4", "续"),
            field("905", "  ", "a", "阅览室", "b", "SX000003", "d", "I242.47", "e", "3"),
        ),
        book(
            field("010", "  ", "a", "978-7-02-000873-6"),  # wrong check digit
            field("200", "1 ", "a", "三国演义", "f", "罗贯中著"),
            field("210", "  ", "c", "人民文学出版社", "d", "1973"),
            field("701", " 0", "a", "罗贯中"),
            field("905", "  ", "a", "SXLIB", "b", "SX000004", "d", "I242.43", "e", "7"),
            field("905", "  ", "a", "SXLIB", "d", "I242.43", "e", "7"),  # no barcode
        ),
    ]


_EACC = {chr(code[0]): key for key, code in CODESETS[0x31].items()}


def marc8(text: str) -> bytes:
    """MARC-8 for ASCII plus CJK (EACC, ``ESC $ 1``), as pre-Unicode LoC records have."""
    out, in_cjk = b"", False
    for char in text:
        if ord(char) < 128:
            out += b"\x1b(B" + char.encode() if in_cjk else char.encode()
            in_cjk = False
        else:
            out += (b"" if in_cjk else b"\x1b$1") + _EACC[char].to_bytes(3, "big")
            in_cjk = True
    return out + (b"\x1b(B" if in_cjk else b"")


def marc8_cjk_record() -> Record:
    return Record(
        leader=MARC21_LEADER,
        fields=[
            Field(tag="008", data="820301s1981    cc            000 1 chi  "),
            field("100", "1 ", "6", "880-01", "a", "Lu, Xun,", "d", "1881-1936."),
            field("245", "10", "6", "880-02", "a", "Panghuang /", "c", "Lu Xun zhu."),
            field("260", "  ", "6", "880-03", "a", "Beijing :", "b", "Ren min wen xue chu ban she,", "c", "1981."),
            field("880", "1 ", "6", "100-01/$1", "a", "鲁迅,"),
            field("880", "10", "6", "245-02/$1", "a", "彷徨 /", "c", "鲁迅著."),
            field("880", "  ", "6", "260-03/$1", "a", "北京 :", "b", "人民文学出版社,", "c", "1981."),
        ],
    )  # fmt: skip


def corrupt_records(good: Record, other: Record) -> list[bytes]:
    first, second = serialize(good, str.encode), serialize(other, str.encode)
    broken = first[:12] + b"00xx0" + first[17:]  # base address is not a number
    return [first, broken, second, second[: len(second) // 2]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdist", type=Path, default=Path("/tmp/pymarc_sdist/pymarc-5.4.0"))
    parser.add_argument("--cjk", type=int, default=1200)
    parser.add_argument("--plain", type=int, default=400)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    loc = extract_loc(args.sdist / "BooksAll.2016.part01.utf8", args.cjk, args.plain)
    (OUT / "loc_sample.mrc").write_bytes(b"".join(loc))
    marc8_dat = (args.sdist / "test" / "marc8.dat").read_bytes()
    (OUT / "marc8_sample.mrc").write_bytes(marc8_dat + serialize(marc8_cjk_record(), marc8))
    cnmarc = cnmarc_records()
    (OUT / "cnmarc_gbk.mrc").write_bytes(
        b"".join(serialize(r, lambda s: s.encode("gbk")) for r in cnmarc)
    )
    (OUT / "corrupt.mrc").write_bytes(b"".join(corrupt_records(marc8_cjk_record(), cnmarc[0])))
    for path in sorted(OUT.glob("*.mrc")):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
