"""``ctis demo --persons N``: synthetic persons, victims and criminal cases for
demonstrations and benchmarks (ctis.bootstrap.demo.cases). Never in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.bootstrap.demo.cases import demo_persons


class Command(BaseCommand):
    help = (
        "Add synthetic persons (victims, perpetrators, victims' children) with criminal cases "
        "and prosecutions to the unified database, for demonstrations and benchmarks. "
        "Refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--persons", type=int, required=True, help="How many persons to add (at least 1)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2021,
            help="Seed of the random generator: the same seed gives the same people.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Persons written per transaction (default 2000).",
        )

    def handle(self, *args, persons: int, seed: int, batch_size: int, **options):
        if settings.PRODUCTION:
            raise CommandError(
                _("Demonstration data is never generated in production (CTIS_PRODUCTION is set).")
            )
        if persons < 1:
            raise CommandError(
                _("The number of persons must be at least 1, not %(count)d.") % {"count": persons}
            )
        if batch_size < 1:
            raise CommandError(
                _("The batch size must be at least 1, not %(size)d.") % {"size": batch_size}
            )
        verbosity = options.get("verbosity", 1)
        self.stdout.write(
            _("Generating %(count)d persons (seed %(seed)d, %(size)d a batch)…")
            % {"count": persons, "seed": seed, "size": batch_size}
        )
        try:
            result = demo_persons(
                count=persons,
                seed=seed,
                batch_size=batch_size,
                stdout=self.stdout if verbosity >= 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Added %(persons)d persons: %(victims)d victims, %(perpetrators)d "
                    "perpetrators, %(children)d victims' children; %(cases)d criminal cases, "
                    "%(prosecutions)d prosecutions."
                )
                % result
            )
        )
        self.stdout.write(
            _("%(seconds).1f s, %(rate).0f persons/s.")
            % {"seconds": result["seconds"], "rate": result["persons_per_second"]}
        )
