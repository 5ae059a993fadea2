"""``ctis stats <sub-command>``: the national statistics from the command line. The
sub-commands live in ``ctis.stats.commands`` (one module each)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ctis.stats import commands


class Command(BaseCommand):
    help = "National statistics: the annual figures, the historical series, exports."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", metavar="SUB-COMMAND")
        for module in commands.modules():
            sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
            module.add_arguments(sub)
            sub.set_defaults(module=module)

    def handle(self, *args, **options):
        module = options.get("module")
        if module is None:
            names = ", ".join(m.NAME for m in commands.modules()) or "none yet"
            raise CommandError(f"Name a sub-command: {names}.")
        status = module.run(options, self.stdout)
        if status:
            raise SystemExit(status)
