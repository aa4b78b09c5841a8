"""Where the window's project lives, as the window names it: a file's path or a team URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from belannot.core.reader import ProjectReader
from belannot.core.store import is_team_location


def display_path(path: Path | None) -> str:
    """A project path as the status bar shows it: under the home folder as ~/…."""
    if path is None:
        return "in memory"
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except (ValueError, RuntimeError, OSError):
        return str(path)


def shown_location(store: ProjectReader) -> str:
    """The project's file or its team project's URL without the password (never shown)."""
    location = store.location
    if isinstance(location, str) and is_team_location(location):
        # Loaded only here: the store of a team project has loaded psycopg already.
        from belannot.core.store.postgres import shown_url

        return shown_url(location)
    return str(location or "")


def status_text(store: ProjectReader) -> str:
    """The status bar's: a file under the home folder as ~/…; a team project's database
    and server, whose URL (libpq's query parameters and all) is the tooltip's."""
    location = store.location
    if isinstance(location, str) and is_team_location(location):
        host, port, database, _user = url_fields(location)
        return f"{database} on {host or 'localhost'}" + (f":{port}" if port else "")
    return display_path(store.path)


def team_url(host: str, port: str, database: str, user: str, password: str) -> str:
    """The libpq URL of ``database``; a host that is a folder is the server's socket."""
    login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    query: dict[str, str] = {}
    if host.startswith("/"):
        # A socket folder cannot sit in the URL's host part: libpq takes it as a parameter.
        netloc = f"{login}@"
        query["host"] = host
        if port:
            query["port"] = port
    else:
        netloc = f"{login}@{host}" + (f":{port}" if port else "")
    url = f"postgresql://{netloc}/{quote(database, safe='')}"
    return url + (f"?{urlencode(query, quote_via=quote, safe='')}" if query else "")


def url_fields(url: str) -> tuple[str, str, str, str]:
    """(host, port, database, user) of a team URL; blanks for what it does not say."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.get("host") or unquote(parts.hostname or "")
    try:
        port = query.get("port") or (str(parts.port) if parts.port else "")
    except ValueError:
        port = ""
    return host, port, unquote(parts.path.lstrip("/")), unquote(parts.username or "")
