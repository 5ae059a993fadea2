"""The pages of events: who opens what, the form's refusals beside their fields, the list's
filters and query count, the event page's summary and QR code, the plan's measure page and
report form, and the home page's list."""

import datetime

import pytest
from django.test import Client

from ctis.outreach.models import Event, Response
from ctis.plan.models import MeasureReport
from ctis.plan.services import reporting
from tests.outreach.conftest import DAY
from tests.personas import log_in
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db


def _form(audiences, **overrides):
    pupils = audiences["pupils"]
    data = {
        "title": "Training for labour inspectors",
        "kind": "training",
        "starts_on": DAY.isoformat(),
        "ends_on": DAY.isoformat(),
        "place": "Sumqayıt",
        "mode": "in_person",
        "participants_total": "25",
        "audiences": [str(pupils.pk)],
        f"group_{pupils.pk}_total": "20",
        f"group_{pupils.pk}_women": "12",
        f"group_{pupils.pk}_men": "8",
        "materials_count": "40",
        "materials_languages": ["az"],
    }
    data.update(overrides)
    return data


def test_a_reporter_records_an_event_through_the_form(audiences, plan, reporter):
    client = log_in(Client(), reporter)
    assert client.get("/outreach/new/").status_code == 200
    response = client.post("/outreach/new/", _form(audiences))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.audiences.values_list("code", flat=True)) == ["pupils"]  # not every row
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Training for labour inspectors" in page and "/outreach/f/" in page


def test_the_form_refuses_more_in_groups_than_in_total_beside_the_total(audiences, plan, reporter):
    client = log_in(Client(), reporter)
    response = client.post("/outreach/new/", _form(audiences, participants_total="10"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_participants_total_error"' in html
    assert "more than the total" in html
    assert not Event.objects.exists()


def test_the_form_refuses_more_women_and_men_than_a_group(audiences, plan, reporter):
    pupils = audiences["pupils"].pk
    client = log_in(Client(), reporter)
    response = client.post("/outreach/new/", _form(audiences, **{f"group_{pupils}_women": "19"}))
    assert response.status_code == 200
    assert "cannot be more than the group" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "who, sees",
    [
        ("reporter", True),
        ("head", True),
        ("coordinator", True),
        ("analyst", True),
        ("labour_reporter", False),
        ("investigator", False),
        ("auditor", False),
    ],
)
def test_who_opens_an_event(make_event, request, who, sees):
    event = make_event()
    client = log_in(Client(), request.getfixturevalue(who))
    assert client.get(event.get_absolute_url()).status_code == (200 if sees else 403)
    assert client.get(f"/outreach/{event.pk}/qr.svg").status_code == (200 if sees else 403)
    listed = client.get("/outreach/")
    if sees:
        assert event.title in listed.content.decode()
    else:
        assert event.title not in listed.content.decode()


def test_only_the_organiser_edits(make_event, coordinator, labour_reporter, head):
    event = make_event()
    for outsider in (coordinator, labour_reporter):
        assert log_in(Client(), outsider).get(f"/outreach/{event.pk}/edit/").status_code == 403
    client = log_in(Client(), head)
    page = client.get(f"/outreach/{event.pk}/edit/")
    assert page.status_code == 200
    response = client.post(f"/outreach/{event.pk}/edit/", {**_edit_data(event), "title": "New"})
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "New"


def test_a_partner_agency_sees_the_event(make_event, agencies, labour_reporter):
    event = make_event(partner_ids=[agencies["mlspp"].pk])
    assert log_in(Client(), labour_reporter).get(event.get_absolute_url()).status_code == 200


def _edit_data(event):
    data = {
        "title": event.title,
        "kind": event.kind,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "place": event.place,
        "mode": event.mode,
        "participants_total": str(event.participants_total),
        "version": str(event.version),
        "measures": [str(m.pk) for m in event.measures.all()],
        "audiences": [str(a.pk) for a in event.audiences.all()],
    }
    for g in event.groups.all():
        data[f"group_{g.audience_id}_total"] = str(g.total)
        data[f"group_{g.audience_id}_women"] = str(g.women)
        data[f"group_{g.audience_id}_men"] = str(g.men)
    return data


def test_the_qr_code_is_an_svg_of_the_public_link(make_event, reporter):
    event = make_event()
    response = log_in(Client(), reporter).get(f"/outreach/{event.pk}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_the_event_page_summarises_the_feedback(make_event, reporter):
    event = make_event()
    for n, rating in enumerate((5, 4, 3)):
        Response.objects.create(
            event=event,
            usefulness=rating,
            clarity=rating,
            relevance=rating,
            browser=f"b{n}",
            comment="Useful." if n == 0 else "",
        )
    page = log_in(Client(), reporter).get(event.get_absolute_url()).content.decode()
    assert "3 answers" in page
    assert (
        '<strong class="overall">4.0</strong>' in page
        or '<strong class="overall">4</strong>' in page
    )
    assert "<svg" in page and "Useful." in page


def test_the_organiser_assesses_and_closes_feedback(make_event, reporter):
    event = make_event()
    client = log_in(Client(), reporter)
    client.post(
        f"/outreach/{event.pk}/assess/", {"assessment": "Went well; more parents next time."}
    )
    client.post(f"/outreach/{event.pk}/feedback/close/")
    event.refresh_from_db()
    assert event.assessment.startswith("Went well") and event.feedback == "closed"
    empty = client.post(f"/outreach/{event.pk}/assess/", {"assessment": ""})
    assert empty.status_code == 302
    event.refresh_from_db()
    assert event.assessment.startswith("Went well")


def test_the_home_page_lists_events_awaiting_the_organiser(make_event, reporter, coordinator):
    event = make_event()
    home = log_in(Client(), reporter).get("/", follow=True).content.decode()
    assert "Waiting for the organiser" in home and event.title in home
    assert event.title not in log_in(Client(), coordinator).get("/", follow=True).content.decode()


def test_the_measure_page_shows_its_events_and_the_report_form_takes_their_counts(
    make_event, reporter, period
):
    day = datetime.date(period.year, 5, 1)
    event = make_event(starts_on=day, ends_on=day)
    measure = event.measures.get()
    client = log_in(Client(), reporter)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Awareness events serving this measure" in page and event.title in page
    form = client.get(f"/plan/periods/{period.pk}/measures/{measure.pk}/report/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="Awareness events and trainings held"' in html
    assert 'value="35"' in html and 'value="20"' in html  # participants; women 16 + 4


def test_the_list_filters_and_costs_the_same_queries_for_n_and_2n(make_event, reporter, plan):
    make_event(kind="webinar", title="Webinar X")
    client = log_in(Client(), reporter)
    only = client.get("/outreach/?kind=webinar").content.decode()
    assert "Webinar X" in only and "Seminar for school" not in only

    def add(n):
        for _i in range(n):
            make_event()

    assert_queries_constant(client, ["/outreach/", "/outreach/summary/"], add, ceiling=20)


def test_the_summaries_count_per_organiser_audience_and_measure(
    make_event, labour_reporter, coordinator
):
    one = make_event()
    make_event(actor=labour_reporter)
    for n, rating in enumerate((5, 3)):
        Response.objects.create(
            event=one, usefulness=rating, clarity=rating, relevance=rating, browser=f"s{n}"
        )
    page = log_in(Client(), coordinator).get("/outreach/summary/")
    figures = page.context["figures"]
    organisers = {row["label"]: row for row in figures["organisers"]}
    assert organisers[one.organiser.short_name]["overall"] == 4.0
    assert organisers[one.organiser.short_name]["answers"] == 2
    assert {row["label"]: row["events"] for row in figures["measures"]} == {"4.2.1": 2}
    pupils = next(row for row in figures["audiences"] if row["label"] == "Pupils")
    assert (pupils["events"], pupils["participants"]) == (2, 70)
    assert "<svg" in page.content.decode()


def test_an_event_of_another_agency_reads_as_missing(make_event, labour_reporter):
    event = make_event()
    client = log_in(Client(), labour_reporter)
    seen, unseen = client.get(event.get_absolute_url()), client.get("/outreach/999999/")
    assert seen.status_code == unseen.status_code == 403

    def main(response):
        html = response.content.decode()
        return html[html.index("<main") : html.index("</main>")]

    assert main(seen) == main(unseen)


def test_a_draft_without_figures_starts_with_the_events_counts(make_event, reporter, period):
    day = datetime.date(period.year, 6, 1)
    event = make_event(starts_on=day, ends_on=day)
    measure = event.measures.get()
    report = reporting.report_create(
        actor=reporter,
        period=period,
        measure=measure,
        agency=reporter.agency,
        status="in_progress",
        narrative="Seminars held.",
        figures=[],
    )
    client = log_in(Client(), reporter)
    html = client.get(f"/plan/reports/{report.pk}/edit/").content.decode()
    assert 'value="Awareness events and trainings held"' in html and 'value="35"' in html
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "by year" in page and f'<th scope="row">{period.year}</th>' in page
    assert MeasureReport.objects.get(pk=report.pk).figures.count() == 0  # offered, not saved


def test_the_event_page_and_the_measure_page_cost_the_same_for_n_and_2n(make_event, reporter):
    event = make_event(kind="training")
    measure = event.measures.get()
    client = log_in(Client(), reporter)

    def add(n):
        for _i in range(n):
            make_event()  # another event on the measure
            Response.objects.create(
                event=event,
                usefulness=4,
                clarity=4,
                relevance=4,
                comment="Fine.",
                browser=f"q{Response.objects.count()}",
            )

    assert_queries_constant(
        client, [event.get_absolute_url(), measure.get_absolute_url()], add, ceiling=40
    )
