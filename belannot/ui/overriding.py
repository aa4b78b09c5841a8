"""`override` for the type checker without loading typing_extensions at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import override as override
else:
    # Python 3.11 has no typing.override, and typing_extensions costs ~1.2 MB and a few
    # milliseconds at every start for a marker only mypy reads.
    def override(method: Any) -> Any:
        """Marks a method as overriding its base's (checked by mypy); returns it unchanged."""
        try:
            method.__override__ = True
        except (AttributeError, TypeError):
            pass
        return method
