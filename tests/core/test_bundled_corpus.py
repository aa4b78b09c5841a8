"""The bundled corpus: texts exactly as scraped, and a date wherever the text gives one."""

from __future__ import annotations

import hashlib
import re

import orjson

from belannot.core.packaged import corpus_path

# sha256 of each article as scraped: offsets count into these bytes, so they never change.
SCRAPED = {
    "000_68f9d4d94c3a7801.txt": "0222c3ade42eb5138d9cd3cacf196bcc283cb920d8e9f07e2f6301bcbb65ec54",
    "001_16afdb876e6013e3.txt": "80bbfb37c8b89c034761df96393a72228278dc1dd1d28bfa461665aec34eea26",
    "002_b479c4edcd6d1ec6.txt": "99c21a3219da035c712a172f184e8255a5042d99ad9c4dde2ebdc6ea79aa077f",
    "003_4a1c5fc9c0867d77.txt": "61f34026b76103a240b57a0c3b27850851420836539747d1de19b2810024687f",
    "004_f9bf49140b454e73.txt": "569249f2964a6bf17bdea97b098c3d9466546aaa56661e7d38ec6e315956cf7d",
}
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
# The dates an article gives of itself: a dateline ("Monday, December 19, 2022") on its
# first line, or the date under an embedded tweet ("— name (@handle) March 1, 2022").
OWN_DATE = re.compile(
    r"^(?:\w+day, |— .*\(@\w+\) )(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})$", re.M
)
URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")


def metadata() -> dict[str, dict[str, str | None]]:
    return orjson.loads((corpus_path() / "metadata.json").read_bytes())


def own_dates(name: str, entry: dict[str, str | None]) -> list[str]:
    text = (corpus_path() / name).read_text(encoding="utf-8")
    dates = [
        f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
        for month, day, year in OWN_DATE.findall(text)
    ]
    dates += ["-".join(parts) for parts in URL_DATE.findall(entry.get("url") or "")]
    return dates


def test_the_texts_are_byte_identical_to_the_scraped_articles() -> None:
    found = {path.name for path in corpus_path().glob("*.txt")}
    assert found == set(SCRAPED)
    for name, digest in SCRAPED.items():
        assert hashlib.sha256((corpus_path() / name).read_bytes()).hexdigest() == digest, name


def test_every_article_that_gives_its_date_has_it_as_published() -> None:
    entries = metadata()
    dated = 0
    for name in SCRAPED:
        dates = own_dates(name, entries[name])
        if dates:
            dated += 1
            # Published on the day of the latest thing it reports or embeds.
            assert entries[name]["published"] == max(dates), name
    assert dated >= 2


def test_an_article_without_a_date_says_why() -> None:
    for name, entry in metadata().items():
        assert entry["published"] or entry.get("note"), name
