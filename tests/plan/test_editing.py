"""Creating and editing plans, sections and measures in the UI, and the services behind it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ctis.accounts.roles import Role
from ctis.audit.models import AuditEntry
from ctis.plan.models import ActionPlan, Measure, MeasureBody, Section
from ctis.plan.services import measures, plans, reporting, sections
from tests.factories import ActionPlanFactory, MeasureFactory
from tests.personas import log_in
from tests.queries import assert_queries_constant

MIA, SMS, GENERIC = (
    "Daxili İşlər Nazirliyi",
    "Dövlət Miqrasiya Xidməti",
    ("digər aidiyyəti dövlət orqanları"),
)


@pytest.fixture
def next_plan(coordinator):
    return plans.plan_create(
        actor=coordinator,
        title="İnsan alverinə qarşı mübarizəyə dair 2025–2029-cu illər üçün Milli Fəaliyyət Planı",
        order_number="101",
        order_date=datetime.date(2025, 3, 1),
        year_from=2025,
        year_to=2029,
    )


@pytest.fixture
def section(next_plan, coordinator):
    return sections.section_create(
        actor=coordinator, plan=next_plan, number="4.1", title="Normativ hüquqi baza"
    )


@pytest.fixture
def measure(next_plan, section, coordinator):
    return measures.measure_create(
        actor=coordinator,
        plan=next_plan,
        section=section,
        number="4.1.1",
        title="Qanunvericiliyin təkmilləşdirilməsi",
        deadline_from=2025,
        deadline_to=2026,
        bodies=[MIA, SMS, GENERIC],
    )


def plan_form(**changes):
    data = {
        "title": "Milli Fəaliyyət Planı 2025–2029",
        "title_en": "National Action Plan 2025–2029",
        "title_ru": "",
        "order_number": "101",
        "order_date": "2025-03-01",
        "year_from": "2025",
        "year_to": "2029",
        "copy_sections_from": "",
    }
    data.update(changes)
    return data


def measure_form(section, **changes):
    data = {
        "number": "4.1.2",
        "section": str(section.pk),
        "title": "Təlimlərin keçirilməsi",
        "deadline": "years",
        "deadline_from": "2025",
        "deadline_to": "2026",
        "bodies": f"{MIA}\n  {SMS}  \n\n{GENERIC}\n",
        "involving": "beynəlxalq təşkilatları cəlb etməklə",
        "recommended": "Azərbaycan Respublikasının Baş Prokurorluğu",
    }
    data.update(changes)
    return data


def counts():
    return (
        ActionPlan.objects.count(),
        Section.objects.count(),
        Measure.objects.count(),
        MeasureBody.objects.count(),
    )


def bodies_of(measure, role=MeasureBody.Role.EXECUTING):
    return [
        (b.name_as_written, b.agency.code if b.agency else None)
        for b in measure.bodies.filter(role=role).select_related("agency").order_by("position")
    ]


# --- the whole path over HTTP -------------------------------------------------------------


def test_coordinator_creates_a_plan_a_section_and_a_measure(client, login, coordinator, agencies):
    login(coordinator)
    assert client.get("/plan/plans/new/").status_code == 200
    response = client.post("/plan/plans/new/", plan_form())
    new_plan = ActionPlan.objects.get(year_from=2025)
    assert response.status_code == 302 and response["Location"] == f"/plan/plans/{new_plan.pk}/"
    assert (new_plan.year_to, new_plan.order_number) == (2029, "101")

    assert client.get(f"/plan/plans/{new_plan.pk}/sections/new/").status_code == 200
    response = client.post(
        f"/plan/plans/{new_plan.pk}/sections/new/", {"number": "4.1", "title": "Normativ baza"}
    )
    assert response["Location"] == f"/plan/plans/{new_plan.pk}/"
    section = new_plan.sections.get()

    url = f"/plan/plans/{new_plan.pk}/measures/new/"
    page = client.get(url).content.decode()
    assert f'<option value="{MIA}"' in page  # the registry's names are offered
    response = client.post(url, measure_form(section))
    assert response.status_code == 302 and response["Location"] == f"/plan/plans/{new_plan.pk}/"
    measure = new_plan.measures.get()
    assert (measure.number, measure.section, measure.deadline_label) == (
        "4.1.2",
        section,
        "2025–2026",
    )
    assert bodies_of(measure) == [(MIA, "mia"), (SMS, "sms"), (GENERIC, None)]
    assert [b.is_generic for b in measure.bodies.filter(role="executing")] == [False, False, True]
    assert bodies_of(measure, MeasureBody.Role.RECOMMENDED) == [
        ("Azərbaycan Respublikasının Baş Prokurorluğu", "pgo")
    ]
    assert measure.involving == ["beynəlxalq təşkilatları cəlb etməklə"]


def test_add_and_start_another_returns_to_an_empty_form_in_the_same_section(
    client, login, coordinator, section
):
    login(coordinator)
    url = f"/plan/plans/{section.plan_id}/measures/new/"
    response = client.post(url, {**measure_form(section), "another": "1"})
    assert response["Location"] == f"{url}?section={section.pk}"
    assert (
        f'<option value="{section.pk}" selected>'
        in client.get(response["Location"]).content.decode()
    )


def test_a_regular_measure_has_no_years(client, login, coordinator, section):
    login(coordinator)
    url = f"/plan/plans/{section.plan_id}/measures/new/"
    client.post(url, measure_form(section, deadline="regular", deadline_from="", deadline_to=""))
    measure = Measure.objects.get(plan=section.plan)
    assert (measure.deadline_regular, measure.deadline_from, measure.deadline_to) == (
        True,
        None,
        None,
    )


def test_editing_changes_title_and_bodies_and_keeps_assigned_ones(
    client, login, coordinator, measure, agencies
):
    reporting.measure_assign_agency(
        actor=coordinator, measure=measure, agency=agencies["moh"], for_entry=GENERIC
    )
    login(coordinator)
    url = f"/plan/measures/{measure.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Qanunvericiliyin təkmilləşdirilməsi" in page and SMS in page
    response = client.post(
        url,
        measure_form(
            measure.section,
            number="4.1.1",
            title="Yeni başlıq",
            bodies=f"{SMS}\nTəhsil Nazirliyi\n{GENERIC}",
            recommended="",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/plan/plans/{measure.plan_id}/"
    measure.refresh_from_db()
    assert measure.title == "Yeni başlıq"
    assert bodies_of(measure) == [(SMS, "sms"), ("Təhsil Nazirliyi", "moe"), (GENERIC, None)]
    assert bodies_of(measure, MeasureBody.Role.ASSIGNED) == [(GENERIC, "moh")]
    assert bodies_of(measure, MeasureBody.Role.RECOMMENDED) == []


def test_an_assigned_agency_that_the_plan_now_names_becomes_one_of_its_own_bodies(
    coordinator, measure, agencies
):
    reporting.measure_assign_agency(actor=coordinator, measure=measure, agency=agencies["moh"])
    measures.measure_update(
        actor=coordinator,
        measure=measure,
        section=measure.section,
        number=measure.number,
        title=measure.title,
        deadline_from=2025,
        deadline_to=2026,
        bodies=[MIA, "Səhiyyə Nazirliyi"],
    )
    assert bodies_of(measure) == [(MIA, "mia"), ("Səhiyyə Nazirliyi", "moh")]
    assert not measure.bodies.filter(role=MeasureBody.Role.ASSIGNED).exists()


def test_coordinator_edits_the_plan_and_a_section(client, login, coordinator, section, measure):
    login(coordinator)
    plan = section.plan
    page = client.get(f"/plan/plans/{plan.pk}/edit/").content.decode()
    assert (
        f"/plan/measures/{measure.pk}/edit/" in page
        and f"/plan/sections/{section.pk}/edit/" in page
    )
    response = client.post(
        f"/plan/plans/{plan.pk}/edit/",
        plan_form(title="Dəyişmiş başlıq", order_number="102", version=plan.version),
    )
    assert response["Location"] == f"/plan/plans/{plan.pk}/"
    plan.refresh_from_db()
    assert (plan.title, plan.order_number) == ("Dəyişmiş başlıq", "102")

    assert client.get(f"/plan/sections/{section.pk}/edit/").status_code == 200
    response = client.post(
        f"/plan/sections/{section.pk}/edit/",
        {"number": "4.1", "title": "Yeni ad", "place": "1", "version": section.version},
    )
    assert response["Location"] == f"/plan/plans/{plan.pk}/"
    section.refresh_from_db()
    assert section.title == "Yeni ad"


# --- bad input: a message beside the field, nothing saved --------------------------------


def error_beside(response, field: str) -> str:
    page = response.content.decode()
    assert response.status_code == 200
    marker = f'id="id_{field}_error"'
    assert marker in page, page[page.find("has-error") - 200 : page.find("has-error") + 800]
    return page[page.find(marker) : page.find("</p>", page.find(marker))]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"bodies": f"{MIA}\nSirlər Nazirliyi"}, "bodies", "Sirlər Nazirliyi"),
        ({"bodies": f"{MIA}\nAzərbaycan Respublikasının Daxili İşlər Nazirliyi"}, "bodies", "once"),
        ({"bodies": ""}, "bodies", ""),
        ({"number": "4.1.1"}, "number", "4.1.1"),
        ({"number": "4.1.1."}, "number", "4.1.1"),
        ({"deadline_to": "2031"}, "deadline_to", "2031"),
        ({"deadline_from": "2024"}, "deadline_from", "2024"),
        ({"deadline_from": "2027", "deadline_to": "2026"}, "deadline_to", "2027"),
        ({"deadline_from": ""}, "deadline_from", ""),
        ({"title": "  "}, "title", ""),
        ({"recommended": "Naməlum Şura"}, "recommended", "Naməlum Şura"),
    ],
)
def test_bad_measure_input_is_shown_beside_the_field_and_saves_nothing(
    client, login, coordinator, measure, changes, field, text
):
    login(coordinator)
    before = counts()
    response = client.post(
        f"/plan/plans/{measure.plan_id}/measures/new/", measure_form(measure.section, **changes)
    )
    assert text in error_beside(response, field)
    assert counts() == before


def test_a_section_of_another_plan_is_refused(client, login, coordinator, measure, plan):
    login(coordinator)
    before = counts()
    other = plan.sections.first()
    response = client.post(f"/plan/plans/{measure.plan_id}/measures/new/", measure_form(other))
    error_beside(response, "section")
    assert counts() == before


def test_bad_edit_leaves_the_measure_as_it_was(client, login, coordinator, measure):
    login(coordinator)
    response = client.post(
        f"/plan/measures/{measure.pk}/edit/",
        measure_form(measure.section, number="4.1.1", title="Yeni", bodies="Naməlum Orqan"),
    )
    assert "Naməlum Orqan" in error_beside(response, "bodies")
    measure.refresh_from_db()
    assert measure.title == "Qanunvericiliyin təkmilləşdirilməsi"
    assert bodies_of(measure) == [(MIA, "mia"), (SMS, "sms"), (GENERIC, None)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year_from": "2029", "year_to": "2025"}, "year_to"),
        ({"title": ""}, "title"),
        ({"year_from": "abc"}, "year_from"),
    ],
)
def test_bad_plan_input_is_shown_beside_the_field_and_saves_nothing(
    client, login, coordinator, changes, field
):
    login(coordinator)
    before = counts()
    response = client.post("/plan/plans/new/", plan_form(**changes))
    error_beside(response, field)
    assert counts() == before


def test_a_plan_cannot_shrink_past_its_measures_deadlines(client, login, coordinator, measure):
    login(coordinator)
    response = client.post(
        f"/plan/plans/{measure.plan_id}/edit/",
        plan_form(year_from="2026", year_to="2029", version=measure.plan.version),
    )
    assert "4.1.1" in error_beside(response, "year_from")
    measure.plan.refresh_from_db()
    assert measure.plan.year_from == 2025


def test_a_duplicate_section_number_is_refused(client, login, coordinator, section):
    login(coordinator)
    before = counts()
    response = client.post(
        f"/plan/plans/{section.plan_id}/sections/new/", {"number": "4.1", "title": "Başqa"}
    )
    assert "4.1" in error_beside(response, "number")
    assert counts() == before


# --- services ------------------------------------------------------------------------------


def test_the_service_refuses_a_section_of_another_plan(coordinator, next_plan, plan):
    with pytest.raises(ValidationError) as error:
        measures.measure_create(
            actor=coordinator,
            plan=next_plan,
            section=plan.sections.first(),
            number="1",
            title="x",
            deadline_regular=True,
            bodies=[MIA],
        )
    assert "section" in error.value.message_dict


def test_an_agency_that_reported_must_stay_among_the_bodies(coordinator, period, make_user):
    measure = Measure.objects.get(plan=period.plan, number="4.2.1")
    reporter = make_user("r", "sms", "agency_reporter")
    reporting.report_create(
        actor=reporter,
        period=period,
        measure=measure,
        agency=reporter.agency,
        status="in_progress",
        narrative="x",
    )
    names = [b.name_as_written for b in measure.bodies.filter(role="executing") if b.agency_id]
    with pytest.raises(ValidationError) as error:
        measures.measure_update(
            actor=coordinator,
            measure=measure,
            section=measure.section,
            number=measure.number,
            title=measure.title,
            deadline_regular=measure.deadline_regular,
            deadline_from=measure.deadline_from,
            deadline_to=measure.deadline_to,
            bodies=[n for n in names if n != SMS] or [MIA],
        )
    assert "bodies" in error.value.message_dict


def test_new_measures_take_their_place_by_section_and_number(coordinator, next_plan):
    first = sections.section_create(actor=coordinator, plan=next_plan, number="1", title="A")
    second = sections.section_create(actor=coordinator, plan=next_plan, number="2", title="B")

    def add(section, number):
        return measures.measure_create(
            actor=coordinator,
            plan=next_plan,
            section=section,
            number=number,
            title="t",
            deadline_regular=True,
            bodies=[MIA],
        )

    for section, number in [(second, "2.1"), (first, "1.10"), (first, "1.2"), (second, "2.0")]:
        add(section, number)
    ordered = list(next_plan.measures.order_by("position").values_list("number", flat=True))
    assert ordered == ["1.2", "1.10", "2.0", "2.1"]

    sections.section_update(actor=coordinator, section=second, number="2", title="B", position=0)
    assert list(next_plan.sections.values_list("number", flat=True)) == ["2", "1"]
    ordered = list(next_plan.measures.order_by("position").values_list("number", flat=True))
    assert ordered == ["2.0", "2.1", "1.2", "1.10"]


def test_copying_the_structure_gives_the_same_sections_and_no_measures(coordinator, plan):
    new = plans.plan_copy_structure(
        actor=coordinator, source=plan, title="Növbəti plan", year_from=2025, year_to=2029
    )
    assert list(new.sections.values_list("number", "title")) == list(
        plan.sections.values_list("number", "title")
    )
    assert not new.measures.exists()
    assert AuditEntry.objects.filter(
        action="plan.plan.copy_structure", object_id=str(new.pk)
    ).exists()


def test_the_plan_form_can_copy_sections(client, login, coordinator, plan):
    login(coordinator)
    client.post("/plan/plans/new/", plan_form(copy_sections_from=str(plan.pk)))
    new = ActionPlan.objects.get(year_from=2025)
    assert new.sections.count() == plan.sections.count()


def test_every_service_writes_an_audit_entry(coordinator, next_plan, section, measure):
    plans.plan_update(actor=coordinator, plan=next_plan, order_number="7")
    sections.section_update(actor=coordinator, section=section, number="4.1", title="Y", position=0)
    measures.measure_update(
        actor=coordinator,
        measure=measure,
        section=section,
        number="4.1.1",
        title="Z",
        deadline_regular=True,
        bodies=[SMS],
    )
    entries = {
        (e.action, e.object_id)
        for e in AuditEntry.objects.filter(action__startswith="plan.", actor=coordinator)
    }
    assert {
        ("plan.plan.create", str(next_plan.pk)),
        ("plan.plan.update", str(next_plan.pk)),
        ("plan.section.create", str(section.pk)),
        ("plan.section.update", str(section.pk)),
        ("plan.measure.create", str(measure.pk)),
        ("plan.measure.update", str(measure.pk)),
    } <= entries
    update = AuditEntry.objects.get(action="plan.measure.update")
    assert update.changes["bodies"] == {"before": [MIA, SMS, GENERIC], "after": [SMS]}


# --- who may ---------------------------------------------------------------------------------


def editing_urls(plan, section, measure):
    return [
        "/plan/plans/new/",
        f"/plan/plans/{plan.pk}/edit/",
        f"/plan/plans/{plan.pk}/sections/new/",
        f"/plan/sections/{section.pk}/edit/",
        f"/plan/plans/{plan.pk}/measures/new/",
        f"/plan/measures/{measure.pk}/edit/",
    ]


@pytest.mark.parametrize("who", ["reporter", "analyst"])
def test_others_are_refused_every_editing_view(client, login, request, who, measure):
    login(request.getfixturevalue(who))
    before = counts()
    for url in editing_urls(measure.plan, measure.section, measure):
        assert client.get(url).status_code == 403, url
        assert client.post(url, measure_form(measure.section, **plan_form())).status_code == 403
    assert counts() == before


@pytest.mark.parametrize("who", ["reporter", "analyst"])
def test_services_refuse_without_the_permission(request, who, next_plan, section):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        plans.plan_create(actor=actor, title="x", year_from=2030, year_to=2031)
    with pytest.raises(PermissionDenied):
        sections.section_create(actor=actor, plan=next_plan, number="9", title="x")
    with pytest.raises(PermissionDenied):
        measures.measure_create(
            actor=actor,
            plan=next_plan,
            section=section,
            number="9",
            title="x",
            deadline_regular=True,
            bodies=[MIA],
        )


def test_the_plan_list_shows_every_plan_newest_first(
    client, login, coordinator, analyst, next_plan, plan
):
    login(coordinator)
    page = client.get("/plan/plans/").content.decode()
    assert page.index(f"/plan/plans/{next_plan.pk}/") < page.index(f"/plan/plans/{plan.pk}/")
    assert "/plan/plans/new/" in page
    client.logout()
    login(analyst)
    response = client.get("/plan/plans/")
    assert response.status_code == 200 and "/plan/plans/new/" not in response.content.decode()


def test_the_plan_list_and_measure_form_do_not_grow_queries_with_content(
    client, login, coordinator, next_plan, measure
):
    login(coordinator)

    added = []

    def add_plans(count):
        added.extend(ActionPlanFactory.create_batch(count, actor=coordinator))

    # 13 with the header's unread alerts count.
    assert_queries_constant(client, "/plan/plans/", add_plans, ceiling=13)
    page = client.get("/plan/plans/").content.decode()
    assert len(added) == 6 and all(f"/plan/plans/{p.pk}/" in page for p in added)

    def add_measures(count):
        added.extend(MeasureFactory.create_batch(count, actor=coordinator, section=measure.section))

    edit = f"/plan/plans/{next_plan.pk}/edit/"
    assert_queries_constant(client, edit, add_measures, ceiling=15)
    page = client.get(edit).content.decode()
    assert next_plan.measures.count() == 7 and all(m.number in page for m in added[6:])


def test_a_draft_of_the_next_plan_does_not_take_over_the_dashboard(plan, period, coordinator):
    from ctis.plan.selectors import current_plan
    from ctis.plan.services.plans import plan_create

    plan_create(
        actor=coordinator,
        title="Növbəti plan",
        title_en="",
        title_ru="",
        order_number="",
        order_date=None,
        year_from=2025,
        year_to=2029,
    )
    assert current_plan() == plan


# --- two coordinators at once: the stale save is refused (issue 10) ----------------------


def _two_coordinators(coordinator, make_user):
    other = make_user("coordinator-2", "national-coordinator", Role.COORDINATOR)
    return log_in(Client(), coordinator), log_in(Client(), other)


def test_a_stale_plan_edit_is_refused_naming_who_changed_it(coordinator, make_user, next_plan):
    first, second = _two_coordinators(coordinator, make_user)
    url = f"/plan/plans/{next_plan.pk}/edit/"
    opened = plan_form(version=next_plan.version)
    del opened["copy_sections_from"]
    assert second.post(url, {**opened, "order_number": "202"}).status_code == 302
    stale = first.post(url, {**opened, "title": "Köhnə başlıq"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "coordinator-2" in page
    plan = ActionPlan.objects.get(pk=next_plan.pk)
    assert plan.order_number == "202" and plan.title != "Köhnə başlıq"


def test_a_stale_section_edit_is_refused_naming_who_changed_it(coordinator, make_user, section):
    first, second = _two_coordinators(coordinator, make_user)
    url = f"/plan/sections/{section.pk}/edit/"
    opened = {"number": section.number, "title": section.title, "place": "1"}
    opened["version"] = section.version
    assert second.post(url, {**opened, "title": "Birinci ad"}).status_code == 302
    stale = first.post(url, {**opened, "title": "İkinci ad"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "coordinator-2" in page
    assert Section.objects.get(pk=section.pk).title == "Birinci ad"
