"""A criminal case's status follows its course (``services.justice.CASE_STEPS``): the
change page offers only the moves the course allows, and the service refuses the rest."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ctis.cases import services
from ctis.cases.choices import CaseStatus as S
from ctis.cases.inputs import CaseInput
from ctis.cases.models import CriminalCase
from ctis.cases.services.justice import case_statuses_offered
from tests.factories import CriminalCaseFactory
from tests.personas import log_in


def _data(case: CriminalCase, status: str) -> CaseInput:
    return CaseInput(
        number=case.number,
        registered_on=case.registered_on,
        articles=list(case.articles.all()),
        status=status,
    )


def _move(case, status, investigator):
    case.refresh_from_db()
    return services.case_update(
        actor=investigator, case=case, version=case.version, data=_data(case, status)
    )


@pytest.mark.parametrize(
    ("start", "offered"),
    [
        (S.INVESTIGATION, [S.INVESTIGATION, S.IN_COURT, S.SUSPENDED, S.CLOSED]),
        (S.IN_COURT, [S.INVESTIGATION, S.IN_COURT, S.CLOSED]),
        (S.SUSPENDED, [S.INVESTIGATION, S.SUSPENDED, S.CLOSED]),
        (S.CLOSED, [S.INVESTIGATION, S.CLOSED]),
    ],
)
def test_each_status_offers_the_moves_of_the_course(investigator, start, offered):
    case = CriminalCaseFactory(actor=investigator)
    if start != S.INVESTIGATION:
        _move(case, start, investigator)
        case.refresh_from_db()
    assert case_statuses_offered(case, investigator) == list(offered)
    page = log_in(Client(), investigator).get(f"/cases/criminal-cases/{case.pk}/edit/")
    html = page.content.decode()
    for value in S.values:
        assert (f'value="{value}"' in html) == (value in offered), value


def test_a_closed_case_is_not_sent_to_court_but_may_be_reopened(investigator):
    case = CriminalCaseFactory(actor=investigator)
    _move(case, S.CLOSED, investigator)
    with pytest.raises(ValidationError) as refused:
        _move(case, S.IN_COURT, investigator)
    assert refused.value.message_dict["status"] == [
        "A criminal case that is closed cannot be sent to court."
    ]
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert _move(case, S.INVESTIGATION, investigator).status == S.INVESTIGATION


def test_a_refused_move_is_shown_beside_the_status_and_nothing_is_saved(investigator):
    case = CriminalCaseFactory(actor=investigator)
    _move(case, S.SUSPENDED, investigator)
    case.refresh_from_db()
    client = log_in(Client(), investigator)
    response = client.post(
        f"/cases/criminal-cases/{case.pk}/edit/",
        {
            "number": case.number,
            "registered_on": case.registered_on.isoformat(),
            "articles": [a.pk for a in case.articles.all()],
            "status": S.IN_COURT,
            "version": case.version,
        },
    )
    assert response.status_code == 200
    # The form offers no such choice, so the form itself refuses it, beside the field.
    assert "Select a valid choice" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.SUSPENDED
