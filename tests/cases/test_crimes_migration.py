"""The data migration that fills the new tables from the data stored before them
(``cases.0013_crimes_groups_wanted_data``)."""

import datetime
import importlib

from django.apps import apps

from ctis.cases import services
from ctis.cases.models import (
    CaseParticipant,
    Crime,
    CriminalCase,
    CriminalCodeArticle,
    CriminalGroup,
    WantedChange,
)
from tests.factories import CaseInputFactory, CriminalCaseFactory, PersonFactory

migration = importlib.import_module("ctis.cases.migrations.0013_crimes_groups_wanted_data")


def test_stored_cases_get_crimes_groups_and_wanted_histories(investigator):
    articles = list(CriminalCodeArticle.objects.filter(code__in=["144-1", "144-3"]))
    case = CriminalCaseFactory(
        actor=investigator,
        data=CaseInputFactory(
            registered_on=datetime.date(2020, 2, 1), articles=articles, solved=True
        ),
    )
    plain = CriminalCaseFactory(actor=investigator)
    abroad = services.participant_add(
        actor=investigator,
        case=case,
        person=PersonFactory(actor=investigator, prefix="P"),
        role="Perpetrator",
        group_member=True,
        wanted="Abroad",
    )
    caught = services.participant_add(
        actor=investigator,
        case=case,
        person=PersonFactory(actor=investigator, prefix="P"),
        role="Perpetrator",
        wanted="Caught",
        caught_on=datetime.date(2020, 5, 1),
    )
    services.participant_add(
        actor=investigator,
        case=case,
        person=PersonFactory(actor=investigator, prefix="P"),
        role="Perpetrator",
    )
    # As the data stood before the migration: no rows of the new tables, the group a text.
    WantedChange.objects.all().delete()
    CriminalCase.objects.filter(pk=case.pk).update(criminal_group="“Dəniz” qrupu")
    CriminalCodeArticle.objects.update(is_document_related=False)

    migration.forwards(apps, None)

    assert list(CriminalCodeArticle.objects.filter(is_document_related=True)) == [
        a for a in articles if a.code == "144-3"
    ]
    crimes = Crime.objects.filter(case=case)
    assert sorted(crimes.values_list("article__code", flat=True)) == ["144-1", "144-3"]
    assert all(c.solved and c.registered_on == case.registered_on for c in crimes)
    assert Crime.objects.filter(case=plain).count() == 1
    history = {row.participant_id: (row.status, row.on) for row in WantedChange.objects.all()}
    assert history == {
        abroad.pk: ("Abroad", CaseParticipant.objects.get(pk=abroad.pk).created_at.date()),
        caught.pk: ("Caught", datetime.date(2020, 5, 1)),
    }
    group = CriminalGroup.objects.get()
    assert group.name == "“Dəniz” qrupu" and list(group.cases.all()) == [case]
    assert list(group.members.all()) == [abroad.person]
    assert group.owner_agency == case.owner_agency
