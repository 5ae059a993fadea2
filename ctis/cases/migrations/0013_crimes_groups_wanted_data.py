"""The records that the new tables hold for data already stored:

- article 144-3 (illegal actions with documents) is marked document-related;
- each case gets one crime under each of its articles, registered with the case and
  solved as the case is (at least one episode was opened under each article; further
  episodes are the investigator's to add);
- each participant with a wanted status other than "not wanted" gets the first row of
  their wanted history: the status, on the day they were caught or else the day they were
  linked to the case (what is known of when it was set);
- each case's free-text criminal group becomes a group record of the case's owner, tied
  to the case, whose members are the case's perpetrators marked as group members. The text
  stays on the case as it was written.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Article = apps.get_model("cases", "CriminalCodeArticle")
    Article.objects.filter(code="144-3").update(is_document_related=True)

    Case = apps.get_model("cases", "CriminalCase")
    Crime = apps.get_model("cases", "Crime")
    Links = Case.articles.through
    crimes = []
    links = Links.objects.select_related("criminalcase").order_by("pk")
    for link in links.iterator(chunk_size=2000):
        case = link.criminalcase
        crimes.append(
            Crime(
                case_id=case.pk,
                article_id=link.criminalcodearticle_id,
                registered_on=case.registered_on,
                solved=case.solved,
            )
        )
        if len(crimes) >= 2000:
            Crime.objects.bulk_create(crimes)
            crimes = []
    Crime.objects.bulk_create(crimes)

    Participant = apps.get_model("cases", "CaseParticipant")
    WantedChange = apps.get_model("cases", "WantedChange")
    rows = []
    wanted = Participant.objects.exclude(wanted="").only("pk", "wanted", "caught_on", "created_at")
    for part in wanted.iterator(chunk_size=2000):
        rows.append(
            WantedChange(
                participant_id=part.pk,
                status=part.wanted,
                on=part.caught_on or part.created_at.date(),
            )
        )
        if len(rows) >= 2000:
            WantedChange.objects.bulk_create(rows)
            rows = []
    WantedChange.objects.bulk_create(rows)

    Group = apps.get_model("cases", "CriminalGroup")
    Member = apps.get_model("cases", "GroupMember")
    with_group = Case.objects.exclude(criminal_group="").only(
        "pk", "owner_agency_id", "criminal_group"
    )
    for case in with_group.iterator(chunk_size=2000):
        group = Group.objects.create(
            owner_agency_id=case.owner_agency_id, name=case.criminal_group.strip()[:200]
        )
        group.cases.add(case.pk)
        persons = (
            Participant.objects.filter(case_id=case.pk, role="Perpetrator", group_member=True)
            .values_list("person_id", flat=True)
            .distinct()
        )
        Member.objects.bulk_create([Member(group=group, person_id=pk) for pk in persons])


def backwards(apps, schema_editor):
    apps.get_model("cases", "Crime").objects.all().delete()
    apps.get_model("cases", "WantedChange").objects.all().delete()
    apps.get_model("cases", "GroupMember").objects.all().delete()
    apps.get_model("cases", "CriminalGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_crimes_groups_charges_wanted")]

    operations = [migrations.RunPython(forwards, backwards)]
