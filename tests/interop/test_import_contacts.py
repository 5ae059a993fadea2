"""Bulk import of hotline contacts (issue 14): an older call log, each row recorded through
``contact_record`` as the call form records one; topics by code or by name in any of the
three languages, times in the local writings."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.hotline.models import Caller, Contact
from ctis.interop import imports
from tests.interop.files import run_import

HEADER = "received_at;channel;mövzular;outcome;identifier;notes\n"


def test_a_call_log_is_recorded_with_its_callers_and_topics(hotline_operator):
    content = HEADER + (
        "03.02.2024 14:05;Telefon;Xaricdə iş;information;050 123 45 67;asked about a visa\n"
        "2024-02-04T09:30:00;whatsapp;Работа за рубежом | Study abroad;;+994501234567;\n"
        "05.02.2024;phone;work_abroad;;;\n"
    )
    result = run_import(hotline_operator, "contacts", content)
    assert result.errors == [] and result.committed and len(result.saved) == 3
    first, second, third = (Contact.objects.get(pk=key) for key in result.saved)
    local = timezone.localtime(first.received_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2024, 2, 3), 14, 5)
    assert first.channel == "phone" and second.channel == "whatsapp"
    assert sorted(t.code for t in second.topics.all()) == ["study_abroad", "work_abroad"]
    assert first.caller_id == second.caller_id and Caller.objects.count() == 1
    assert timezone.localtime(third.received_at).hour == 0 and third.caller_id is None
    assert first.notes == "asked about a visa"
    assert AuditEntry.objects.get(action="interop.import").object_repr == "contacts"


def test_refused_rows_are_listed_beside_their_columns_and_nothing_is_recorded(
    hotline_operator,
):
    content = HEADER + (
        "03.02.2024 25:61;phone;work_abroad;;;\n"  # no such time
        "03.02.2024;phone;fortune telling;;;\n"  # no such topic
        "03.02.2024;phone;;;;\n"  # no topic at all
        "03.02.2024;phone;work_abroad;;not a number;\n"  # the service refuses it
        "03.02.2024;phone;work_abroad;;;\n"
    )
    result = run_import(hotline_operator, "contacts", content)
    assert [(e.line, e.column) for e in result.errors][:3] == [
        (2, "received_at"),
        (3, "mövzular"),
        (4, "mövzular"),
    ]
    assert 5 in result.refused_lines
    assert "fortune telling" in result.errors[1].message
    assert not result.committed and not Contact.objects.exists()


def test_only_who_records_contacts_imports_them(investigator):
    with pytest.raises(PermissionDenied):
        run_import(investigator, "contacts", HEADER + "03.02.2024;phone;work_abroad;;;\n")


def test_the_template_lists_the_topics_in_use(hotline_operator):
    book = openpyxl.load_workbook(io.BytesIO(imports.template_workbook("contacts")))
    codes = {row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert {"work_abroad", "phone", "police_tip"} <= codes
