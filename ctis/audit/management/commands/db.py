"""``ctis db grant-app-role ROLE``: give the role the application runs as on PostgreSQL
exactly what it needs and no more (ADR 0010, README "Deploying on PostgreSQL").

The migrations run as the role that owns the tables; the application connects as another
role that owns none, so it can neither switch the audit log's triggers off (that needs
ownership) nor set ``session_replication_role`` (that needs a superuser). It gets SELECT
and INSERT on the audit log, SELECT, INSERT and UPDATE of the head's columns on its head,
SELECT on ``django_migrations``, the usual SELECT/INSERT/UPDATE/DELETE on every other
table, and USAGE and SELECT on the sequences. No table gets TRUNCATE. Run it as the owner
after every ``ctis migrate`` (new tables need their grants); it can run again safely.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

ENTRY_TABLE = "audit_auditentry"
HEAD_TABLE = "audit_auditchainhead"
HEAD_COLUMNS = "last_hash, count, seal"
READ_ONLY = {"django_migrations"}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def app_role_grants(role: str, tables: list[str]) -> list[str]:
    """The statements that give ``role`` its privileges on ``tables`` (all of them first
    revoked, so that running again corrects a role given too much)."""
    who = _quote(role)
    statements = [f"GRANT USAGE ON SCHEMA public TO {who}"]
    for table in sorted(tables):
        name = _quote(table)
        statements.append(f"REVOKE ALL ON {name} FROM {who}")
        if table == ENTRY_TABLE:
            statements.append(f"GRANT SELECT, INSERT ON {name} TO {who}")
        elif table == HEAD_TABLE:
            statements.append(f"GRANT SELECT, INSERT, UPDATE ({HEAD_COLUMNS}) ON {name} TO {who}")
        elif table in READ_ONLY:
            statements.append(f"GRANT SELECT ON {name} TO {who}")
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {who}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return statements


class Command(BaseCommand):
    help = (
        "PostgreSQL roles: `ctis db grant-app-role ROLE` gives the role the application "
        "connects as its privileges on every table (run as the tables' owner, after migrate)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser(
            "grant-app-role",
            help="Grant ROLE what the application needs: only SELECT and INSERT on the audit "
            "log, no TRUNCATE anywhere. The role must exist, own no table and not be a superuser.",
        )
        grant.add_argument("role")
        grant.add_argument(
            "--print", action="store_true", help="Print the statements instead of running them."
        )

    def handle(self, *args, action: str, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError(_("`ctis db grant-app-role` works on PostgreSQL only."))
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(
                    _("There is no role %(role)s: create it first (CREATE ROLE … LOGIN).")
                    % {"role": role}
                )
            if found[0]:
                raise CommandError(
                    _("%(role)s is a superuser: the application must run as a plain role.")
                    % {"role": role}
                )
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND pg_has_role(%s, tableowner, 'USAGE')",
                [role],
            )
            owned = [row[0] for row in cursor.fetchall()]
            if owned:
                raise CommandError(
                    _(
                        "%(role)s owns (or is a member of the owner of) tables, e.g. %(table)s: "
                        "the application must run as a role that owns none."
                    )
                    % {"role": role, "table": owned[0]}
                )
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [row[0] for row in cursor.fetchall()]
        statements = app_role_grants(role, tables)
        if options["print"]:
            for statement in statements:
                self.stdout.write(statement + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            _("%(role)s may now use %(count)d tables; on the audit log only SELECT and INSERT.")
            % {"role": role, "count": len(tables)}
        )
