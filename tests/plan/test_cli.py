"""`ctis plan import-text` and `ctis plan export` as an operator uses them."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.plan.models import ActionPlan, Measure

SEED = Path(__file__).resolve().parent / "data" / "nap-2020-2024.txt"
FIXTURE = Path(__file__).resolve().parents[2] / "ctis" / "plan" / "data" / "nap-2020-2024.json"


def export(capsys) -> dict:
    capsys.readouterr()
    call_command("plan", "export", "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_export_has_the_documented_shape(plan, capsys):
    data = export(capsys)
    assert data["plan"]["order_number"] == "2173"
    assert data["plan"]["period"] == {"from": 2020, "to": 2024}
    assert len(data["measures"]) == 69
    by_number = {m["number"]: m for m in data["measures"]}
    assert by_number["4.1.7"]["section"] == "4.1"
    assert by_number["4.1.7"]["executing_bodies"] == ["Nazirlər Kabineti", "Xarici İşlər Nazirliyi"]
    assert by_number["4.1.7"]["deadline"] == {"from": 2020, "to": 2021}
    assert by_number["4.2.1"]["deadline"] == {"regular": True}
    assert (
        "Azərbaycan Respublikasının Ali Məhkəməsi" in by_number["4.1.1"]["recommended_participants"]
    )
    assert by_number["4.4.4"]["involving"] == [
        "ixtisaslaşmış qeyri-hökumət təşkilatlarını cəlb etməklə"
    ]
    assert "digər aidiyyəti dövlət orqanları" in by_number["4.2.4"]["executing_bodies"]


def test_export_round_trips_the_committed_fixture(plan, capsys):
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data = export(capsys)
    for measure in data["measures"]:
        measure.pop("assigned_agencies")
    assert data["measures"] == fixture["measures"]
    assert data["sections"] == fixture["sections"]


def test_generic_entries_expect_no_report(plan):
    measure = Measure.objects.get(plan=plan, number="4.2.4")
    generic = measure.bodies.get(name_as_written="digər aidiyyəti dövlət orqanları")
    assert generic.agency is None and not generic.expects_report


def test_import_text_of_the_official_plan(agencies, capsys, tmp_path):
    out = tmp_path / "plan.json"
    call_command("plan", "import-text", str(SEED), "--json", str(out))
    printed = capsys.readouterr()
    assert "69" in printed.out and printed.err == ""
    assert json.loads(out.read_text(encoding="utf-8"))["measures"][0]["number"] == "4.1.1"
    assert ActionPlan.objects.get().measures.count() == 69


def test_malformed_text_saves_nothing(db, tmp_path, capsys):
    path = tmp_path / "garbage.txt"
    path.write_text("Bu mətn plan deyil.\nHeç bir tədbir yoxdur.\n", encoding="utf-8")
    before = ActionPlan.objects.count()
    with pytest.raises(CommandError, match="No measures"):
        call_command("plan", "import-text", str(path))
    assert ActionPlan.objects.count() == before


def test_not_utf8_or_missing_file_is_a_clear_error(db, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("plan", "import-text", str(path))
    with pytest.raises(CommandError, match="not found"):
        call_command("plan", "import-text", str(tmp_path / "absent.txt"))


def test_unknown_agency_saves_nothing(agencies, tmp_path):
    text = (
        "4. Milli Fəaliyyət Planının həyata keçirilməsi üzrə\nTƏDBİRLƏR PLANI\n"
        "4.1. Sınaq bölməsi\n\n4.1.1.\nSınaq tədbiri\n\nMəlum Olmayan Nazirlik 2020\ufffd2021\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    before = (ActionPlan.objects.count(), Measure.objects.count())
    with pytest.raises(CommandError, match="Məlum Olmayan Nazirlik"):
        call_command("plan", "import-text", str(path))
    assert (ActionPlan.objects.count(), Measure.objects.count()) == before
