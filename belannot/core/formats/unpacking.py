"""Reading zip members within limits, so that a zip bomb is refused before it is unpacked.

The defaults: a member may unpack to 64 MiB and an archive to 512 MiB in all
(a 64 MiB article is over ten times the longest book; a corpus larger than
that is better imported unzipped, where nothing needs holding in memory), and
beyond the first MiB a member or archive may not unpack to more than 100 times
its compressed size: news text deflates about 3:1, repetitive markup 20:1,
while a bomb's zeros deflate 1000:1. Members are read in counted chunks and
the count, not the size the header claims, is what the limits check.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from belannot.core.errors import InputError

MIB = 1 << 20
_CHUNK = MIB
# Below this many unpacked bytes the ratio is not checked: a small file of spaces
# compresses far and harms nothing.
RATIO_FLOOR = MIB
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": MIB, "g": 1 << 30, "t": 1 << 40}


@dataclass(frozen=True, slots=True)
class UnpackLimits:
    member: int = 64 * MIB
    archive: int = 512 * MIB
    ratio: float = 100.0

    @classmethod
    def up_to(cls, size: int | None = None, ratio: float | None = None) -> UnpackLimits:
        """Limits with one size for a member and the whole archive, as the CLI gives it."""
        default = cls()
        return cls(
            member=size if size is not None else default.member,
            archive=size if size is not None else default.archive,
            ratio=ratio if ratio is not None else default.ratio,
        )


def parse_size(value: str) -> int:
    """Bytes in "64M", "2G", "500K" or "1048576" (binary units); ValueError otherwise."""
    text = value.strip().lower().removesuffix("ib").removesuffix("b")
    number, unit = text, ""
    if text and text[-1] in _UNITS:
        number, unit = text[:-1], text[-1]
    size = float(number) * _UNITS[unit]
    if not size >= 0 or size == float("inf"):
        raise ValueError(f"not a size: {value!r}")
    return int(size)


def human(size: float) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{int(size)} bytes"


@dataclass(slots=True)
class ArchiveBudget:
    """What one archive has unpacked so far, against its limits."""

    archive_name: str
    archive_size: int
    limits: UnpackLimits = field(default_factory=UnpackLimits)
    used: int = 0

    def read(self, archive: zipfile.ZipFile, name: str, where: str) -> bytes:
        """Member ``name``, refused as soon as a limit is passed (``where`` names it)."""
        limits = self.limits
        info = archive.getinfo(name)

        def refuse(message: str, option: str) -> InputError:
            return InputError(
                f"{message}; refused as a possible zip bomb (raise the limit with {option})",
                path=where,
            )

        if info.file_size > limits.member:  # what the header claims: refuse without reading
            raise refuse(
                f"unpacks to {human(info.file_size)}, over {human(limits.member)}",
                "--max-unpacked-size",
            )
        chunks: list[bytes] = []
        size = 0
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                self.used += len(chunk)
                if size > limits.member:
                    raise refuse(
                        f"unpacks to more than {human(limits.member)}", "--max-unpacked-size"
                    )
                if self.used > limits.archive:
                    raise refuse(
                        f"the archive unpacks to more than {human(limits.archive)} in all",
                        "--max-unpacked-size",
                    )
                if size > RATIO_FLOOR and size > limits.ratio * max(info.compress_size, 1):
                    raise refuse(
                        f"compressed more than {limits.ratio:g}:1", "--max-unpack-ratio"
                    )
                if self.used > RATIO_FLOOR and self.used > limits.ratio * max(
                    self.archive_size, 1
                ):
                    raise refuse(
                        f"the archive is compressed more than {limits.ratio:g}:1 in all",
                        "--max-unpack-ratio",
                    )
                chunks.append(chunk)
        return b"".join(chunks)
