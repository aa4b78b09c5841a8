"""A team project's database roles, grants, row-level security and review trigger.

Roles are the server's, shared by every database of the cluster, so each team
project names its two NOLOGIN group roles after its database: ``<db>_annotator``
and ``<db>_reviewer``. A member's LOGIN role belongs to exactly one of them; the
owner (or a superuser) who ran ``team init`` bypasses row-level security.

An annotator reads everything and writes only their own layer: row-level security
limits their inserts, updates and deletes to rows whose ``annotator`` (or, for the
undo history and the audit, ``"user"``) is the login, and links and provenance to
spans of their own. A trigger keeps review decisions (``status``, ``reviewer``,
``reviewed_at``) the reviewers'. Everything is re-applied by ``team init``: revoked
and granted, dropped and created, in one transaction, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import sql

from belannot.core.errors import PermissionDeniedError
from belannot.core.model import Role
from belannot.core.store.postgres.database import PostgresDatabase

MIGRATIONS_TABLE = "belannot_migrations"
# Every table the migrations make (a test checks this against a migrated database).
TABLES = (
    "actor_labels",
    "actor_links",
    "actors",
    "audit",
    "document_search",
    "document_states",
    "document_texts",
    "documents",
    "history",
    "labels",
    "relation_types",
    "relations",
    "settings",
    "span_provenance",
    "spans",
    "suggestion_rejections",
    "users",
)
# What an annotator writes, and whose rows they are (a condition on the row).
_OWN = "annotator = current_user"
_OWN_ENTRY = '"user" = current_user'
_OWN_SPAN = "EXISTS (SELECT 1 FROM spans s WHERE s.id = {table}.id AND s.annotator = current_user)"
ANNOTATOR_WRITES = {
    "spans": _OWN,
    "relations": _OWN,
    "document_states": _OWN,
    "suggestion_rejections": _OWN,
    "history": _OWN_ENTRY,
    "actor_links": _OWN_SPAN,
    "span_provenance": _OWN_SPAN,
}
# Row-level security on these; "audit" takes the annotator's inserts only.
SECURED = (*ANNOTATOR_WRITES, "audit")
# Identity columns whose sequences both roles draw from when they insert.
SEQUENCES = (("audit", "id"), ("history", "id"))
POLICY_PREFIX = "belannot_"
REVIEWED = {"spans": "span", "relations": "relation"}  # the table's audit entity

# Raised for anyone not in the reviewer group (nor the table's owner, nor a superuser)
# who changes a decision, or inserts a decided row no reviewer's audit entry recorded:
# an annotator's undo of deleting their own approved span restores the reviewer's decision.
_REVIEW_TRIGGER = """
CREATE OR REPLACE FUNCTION belannot_review_is_reviewers() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    row_now jsonb := to_jsonb(NEW);
    row_before jsonb;
BEGIN
    IF pg_has_role(current_user, TG_ARGV[0], 'MEMBER')
        OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                       'MEMBER') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        row_before := to_jsonb(OLD);
        IF row_now->'status' IS NOT DISTINCT FROM row_before->'status'
            AND row_now->'reviewer' IS NOT DISTINCT FROM row_before->'reviewer'
            AND row_now->'reviewed_at' IS NOT DISTINCT FROM row_before->'reviewed_at' THEN
            RETURN NEW;
        END IF;
    ELSIF row_now->>'status' = 'pending' AND row_now->>'reviewer' IS NULL
        AND row_now->>'reviewed_at' IS NULL THEN
        RETURN NEW;
    ELSIF EXISTS (
        SELECT 1 FROM audit a JOIN pg_roles r ON r.rolname = a."user"
        WHERE a.entity = TG_ARGV[1] AND a.entity_id = row_now->>'id' AND a.after IS NOT NULL
            AND pg_has_role(r.oid, TG_ARGV[0], 'MEMBER')
            AND a.after::jsonb->'status' IS NOT DISTINCT FROM row_now->'status'
            AND a.after::jsonb->'reviewer' IS NOT DISTINCT FROM row_now->'reviewer'
            AND a.after::jsonb->'reviewed_at' IS NOT DISTINCT FROM row_now->'reviewed_at'
    ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'only a reviewer may approve or reject spans'
        USING ERRCODE = 'insufficient_privilege';
END $$
"""


def not_a_member(login: str) -> PermissionDeniedError:
    return PermissionDeniedError(
        f"{login} is not a member of this team project: its owner runs "
        f"`belannot team add-user {login} --role annotator`"
    )


def is_member(db: PostgresDatabase) -> bool:
    """Whether the login is in one of the team's groups, or owns its tables, or is a superuser."""
    name = database(db)
    return _holds(
        db,
        "SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = ANY(%s) "
        "AND pg_has_role(session_user, r.oid, 'MEMBER')) "
        "OR pg_has_role(session_user, (SELECT datdba FROM pg_database "
        "WHERE datname = current_database()), 'MEMBER')",
        [[group(name, role) for role in Role]],
    )


def database(db: PostgresDatabase) -> str:
    return str(db.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]


def group(database_name: str, role: Role) -> str:
    """The group role of ``role`` in the team project ``database_name``."""
    return f"{database_name}_{role.value}"


def _run(db: PostgresDatabase, statement: sql.Composable) -> None:
    db.run(statement)


def _role_exists(db: PostgresDatabase, name: str) -> bool:
    return _holds(db, "SELECT true FROM pg_roles WHERE rolname = %s", [name])


def has_groups(db: PostgresDatabase) -> bool:
    return all(_role_exists(db, group(database(db), role)) for role in Role)


def make_groups(db: PostgresDatabase) -> list[str]:
    """Create the two group roles that are missing; one line per role made."""
    made = []
    for role in Role:
        name = group(database(db), role)
        if not _role_exists(db, name):
            _run(db, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            made.append(f"made role {name} (NOLOGIN, the {role.value}s' group)")
    return made


def _snapshot(db: PostgresDatabase) -> list[Any]:
    """Everything apply_policies sets, to tell whether a run changed anything."""
    queries = (
        "SELECT tablename, policyname, roles::text, cmd, qual, with_check FROM pg_policies "
        "WHERE schemaname = current_schema() ORDER BY 1, 2",
        "SELECT relname, relacl::text, relrowsecurity FROM pg_class "
        "WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'S') "
        "ORDER BY 1",
        "SELECT tgrelid::regclass::text, tgname, tgargs::text FROM pg_trigger "
        "WHERE NOT tgisinternal ORDER BY 1, 2",
        "SELECT prosrc FROM pg_proc WHERE proname = 'belannot_review_is_reviewers'",
        "SELECT nspacl::text FROM pg_namespace WHERE nspname = current_schema()",
    )
    return [db.run(query).fetchall() for query in queries]


def _tables(names: Sequence[str]) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


def apply_policies(db: PostgresDatabase) -> bool:
    """Grant each group its tables and set the row-level security and the review trigger,
    afresh; whether anything differs from before."""
    before = _snapshot(db)
    name = database(db)
    annotator, reviewer = (sql.Identifier(group(name, role)) for role in Role)
    both = sql.SQL("{}, {}").format(annotator, reviewer)
    every = _tables((*TABLES, MIGRATIONS_TABLE))
    _run(db, sql.SQL("REVOKE ALL ON {} FROM {}").format(every, both))
    _run(db, sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(both))
    _run(db, sql.SQL("GRANT SELECT ON {} TO {}").format(every, both))
    for table, column in SEQUENCES:
        found = db.run("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        sequence = found.fetchone()[0]  # type: ignore[index]  # the identity's, always
        _run(db, sql.SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(sql.SQL(sequence), both))
        _run(db, sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.SQL(sequence), both))
    writes = _tables(tuple(ANNOTATOR_WRITES))
    _run(db, sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(writes, annotator))
    _run(db, sql.SQL("GRANT INSERT ON audit TO {}").format(annotator))
    edited = _tables(tuple(t for t in TABLES if t != "audit"))
    _run(db, sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(edited, reviewer))
    _run(db, sql.SQL("GRANT INSERT ON audit TO {}").format(reviewer))
    for table in SECURED:
        _secure(db, table, annotator, reviewer)
    db.run(_REVIEW_TRIGGER)
    for table, entity in REVIEWED.items():
        trigger = sql.Identifier(f"{table}_review_is_reviewers")
        _run(db, sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, sql.Identifier(table)))
        _run(
            db,
            sql.SQL(
                "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW "
                "EXECUTE FUNCTION belannot_review_is_reviewers({}, {})"
            ).format(
                trigger,
                sql.Identifier(table),
                sql.Literal(group(name, Role.REVIEWER)),
                sql.Literal(entity),
            ),
        )
    return _snapshot(db) != before


def _secure(
    db: PostgresDatabase, table: str, annotator: sql.Identifier, reviewer: sql.Identifier
) -> None:
    """Row-level security on ``table``: all read, reviewers write, annotators their own."""
    ident = sql.Identifier(table)
    _run(db, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(ident))
    existing = db.run(
        "SELECT policyname FROM pg_policies WHERE schemaname = current_schema() "
        "AND tablename = %s AND policyname LIKE %s",
        [table, POLICY_PREFIX + "%"],
    ).fetchall()
    for (old,) in existing:
        _run(db, sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(old), ident))

    def policy(suffix: str, rest: str, *roles: sql.Identifier, own: str = "") -> None:
        _run(
            db,
            sql.SQL("CREATE POLICY {} ON {} " + rest + " TO {}" + own).format(
                sql.Identifier(POLICY_PREFIX + suffix), ident, sql.SQL(", ").join(roles)
            ),
        )

    policy("read", "FOR SELECT", annotator, reviewer, own=" USING (true)")
    policy("review", "FOR ALL", reviewer, own=" USING (true) WITH CHECK (true)")
    if table == "audit":
        policy("own_insert", "FOR INSERT", annotator, own=f" WITH CHECK ({_OWN_ENTRY})")
        return
    own = ANNOTATOR_WRITES[table].format(table=table)
    policy("own_insert", "FOR INSERT", annotator, own=f" WITH CHECK ({own})")
    policy("own_update", "FOR UPDATE", annotator, own=f" USING ({own}) WITH CHECK ({own})")
    policy("own_delete", "FOR DELETE", annotator, own=f" USING ({own})")


def add_login(db: PostgresDatabase, name: str, role: Role, password: str | None) -> list[str]:
    """Make ``name`` a LOGIN role in ``role``'s group (and in that group only), allowed to
    connect; one line per change."""
    database_name = database(db)
    login = sql.Identifier(name)
    _refuse_unbound(db, name)
    made = []
    if not _role_exists(db, name):
        _run(db, sql.SQL("CREATE ROLE {} LOGIN").format(login))
        made.append(f"made login {name}")
    elif not _can_log_in(db, name):
        _run(db, sql.SQL("ALTER ROLE {} LOGIN").format(login))
        made.append(f"let {name} log in")
    if password is not None:
        _run(db, sql.SQL("ALTER ROLE {} PASSWORD {}").format(login, sql.Literal(password)))
        made.append(f"set the password of {name}")
    if not _has_privilege(db, name, "CONNECT"):
        _run(
            db,
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database_name), login
            ),
        )
        made.append(f"granted CONNECT on database {database_name} to {name}")
    for other in Role:
        if other is role or not _member(db, name, group(database_name, other)):
            continue
        _run(
            db,
            sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group(database_name, other)), login),
        )
        made.append(f"revoked {group(database_name, other)} from {name}")
    if not _member(db, name, group(database_name, role)):
        _run(
            db, sql.SQL("GRANT {} TO {}").format(sql.Identifier(group(database_name, role)), login)
        )
        made.append(f"granted {group(database_name, role)} to {name}")
    return made


# What lets a role step past the team's rules: a member with one would be a role in name only.
_UNBOUND = (
    ("rolsuper", "is a superuser, which row-level security and the review trigger never stop"),
    ("rolbypassrls", "has BYPASSRLS, which row-level security never stops"),
    ("rolcreaterole", "has CREATEROLE, with which it can grant itself the reviewers' group"),
)


def _refuse_unbound(db: PostgresDatabase, name: str) -> None:
    found = db.run(
        "SELECT " + ", ".join(column for column, _ in _UNBOUND) + " FROM pg_roles "
        "WHERE rolname = %s",
        [name],
    ).fetchone()
    for (_, why), holds in zip(_UNBOUND, found or (), strict=False):
        if holds:
            raise PermissionDeniedError(
                f"{name} {why}: a team role would mean nothing for it; add a login "
                "without SUPERUSER, BYPASSRLS or CREATEROLE instead; nothing was changed"
            )


def _can_log_in(db: PostgresDatabase, name: str) -> bool:
    return _holds(db, "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [name])


def _has_privilege(db: PostgresDatabase, name: str, privilege: str) -> bool:
    """Whether ``name`` itself holds ``privilege`` on this database (PUBLIC's grant aside)."""
    return _holds(
        db,
        "SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a "
        "JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE d.datname = current_database() AND r.rolname = %s AND a.privilege_type = %s)",
        [name, privilege],
    )


def _member(db: PostgresDatabase, name: str, group_name: str) -> bool:
    return _holds(
        db,
        "SELECT EXISTS (SELECT 1 FROM pg_auth_members m "
        "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
        "WHERE g.rolname = %s AND u.rolname = %s)",
        [group_name, name],
    )


def _holds(db: PostgresDatabase, query: str, parameters: list[Any]) -> bool:
    """The truth of a query answering one row of one value (no row: false)."""
    found = db.run(query, parameters).fetchone()
    return bool(found and found[0])


def logins(db: PostgresDatabase) -> list[tuple[str, str]]:
    """(login, role) of every member of this database's two groups, by name."""
    database_name = database(db)
    groups = {group(database_name, role): role.value for role in Role}
    rows = db.run(
        "SELECT u.rolname, g.rolname FROM pg_auth_members m "
        "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
        'WHERE g.rolname = ANY(%s) ORDER BY u.rolname COLLATE "C", g.rolname',
        [list(groups)],
    ).fetchall()
    return [(name, groups[group_name]) for name, group_name in rows]
