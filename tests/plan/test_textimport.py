"""Tests for the National Action Plan 2020–2024 text parser.

EXPECTED below was transcribed by hand from the official text (``tests/plan/data/
nap-2020-2024.txt``, a byte-for-byte copy of seed 002), not generated from the parser, so it
checks the parser's reading of every one of the 69 measures. Each check runs against the
committed JSON fixture and against a fresh parse of the official text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ctis.plan.textimport import (
    GENERIC_BODIES,
    ParseResult,
    Problem,
    dump_json,
    normalise_body_name,
    parse_plan_text,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parent / "data" / "nap-2020-2024.txt"
FIXTURE = ROOT / "ctis" / "plan" / "data" / "nap-2020-2024.json"

# --------------------------------------------------------------------------- bodies

NK = "Nazirlər Kabineti"
DIN = "Daxili İşlər Nazirliyi"
XIN = "Xarici İşlər Nazirliyi"
ƏƏSMN = "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi"
TN = "Təhsil Nazirliyi"
SN = "Səhiyyə Nazirliyi"
ƏN = "Ədliyyə Nazirliyi"
İN = "İqtisadiyyat Nazirliyi"
MN = "Mədəniyyət Nazirliyi"
GİN = "Gənclər və İdman Nazirliyi"
NRYTN = "Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi"
AQUPDK = "Ailə, Qadın və Uşaq Problemləri üzrə Dövlət Komitəsi"
DGK = "Dövlət Gömrük Komitəsi"
DMX = "Dövlət Miqrasiya Xidməti"
DTX = "Dövlət Təhlükəsizliyi Xidməti"
DSX = "Dövlət Sərhəd Xidməti"
MMX = "Maliyyə Monitorinqi Xidməti"
DTA = "Dövlət Turizm Agentliyi"
DRA = "Dövlət Reklam Agentliyi"
İTSDA = "İcbari Tibbi Sığorta üzrə Dövlət Agentliyi"
MTRŞ = "Milli Televiziya və Radio Şurası"
MK = "Milli Koordinator"
QHTDDŞ = (
    "Azərbaycan Respublikasının Prezidenti yanında Qeyri-Hökumət Təşkilatlarına "
    "Dövlət Dəstəyi Şurası"
)
VXSİDA = (
    "Azərbaycan Respublikasının Prezidenti yanında Vətəndaşlara Xidmət və Sosial "
    "İnnovasiyalar üzrə Dövlət Agentliyi"
)
ATV = "“Azərbaycan Televiziya və Radio Verilişləri” Qapalı Səhmdar Cəmiyyəti"
AHY = "“Azərbaycan Hava Yolları” Qapalı Səhmdar Cəmiyyəti"
ADY = "“Azərbaycan Dəmir Yolları” Qapalı Səhmdar Cəmiyyəti"
AXDG = "“Azərbaycan Xəzər Dəniz Gəmiçiliyi” Qapalı Səhmdar Cəmiyyəti"
# Generic entries, kept as executing bodies exactly as written.
DADO = "digər aidiyyəti dövlət orqanları"
YİHO = "yerli icra hakimiyyəti orqanları"
MİM = (
    "İnsan alveri qurbanlarının Milli İstiqamətləndirmə Mexanizmi üzrə İdarələrarası "
    "Komissiyaya daxil olan qurumlar"
)
YYÇK = "Yetkinlik yaşına çatmayanların işləri və hüquqlarının müdafiəsi üzrə komissiyalar"
MTDQ = "maarifləndirmə tədbirlərini və təlimləri təşkil edən digər dövlət qurumları"
# Involvement clauses.
İQHT = "ixtisaslaşmış qeyri-hökumət təşkilatlarını cəlb etməklə"
AQHT = "aidiyyəti qeyri-hökumət təşkilatlarını cəlb etməklə"
İQHT_BT = "ixtisaslaşmış qeyri-hökumət təşkilatlarını və beynəlxalq təşkilatları cəlb etməklə"
ELM = (
    "digər aidiyyəti dövlət orqanlarını, Azərbaycan Milli Elmlər Akademiyasını, ali təhsil "
    "müəssisələrini və ixtisaslaşmış qeyri-hökumət təşkilatlarını cəlb etməklə"
)

R = {"regular": True}


def Y(first: int, last: int) -> dict:
    return {"from": first, "to": last}


# number: (executing bodies, involving, deadline)
EXPECTED: dict[str, tuple[list[str], list[str], dict]] = {
    "4.1.1": ([NK], [], Y(2020, 2022)),
    "4.1.2": ([NK], [], Y(2020, 2021)),
    "4.1.3": ([NK, DIN], [], Y(2020, 2022)),
    "4.1.4": ([NK, DIN, ƏƏSMN], [], Y(2020, 2021)),
    "4.1.5": ([NK, ƏƏSMN], [], Y(2020, 2021)),
    "4.1.6": ([NK, DMX], [], Y(2020, 2021)),
    "4.1.7": ([NK, XIN], [], Y(2020, 2021)),
    "4.1.8": ([NK], [], Y(2020, 2022)),
    "4.1.9": ([NK, MİM], [], Y(2020, 2021)),
    "4.1.10": ([NK], [], Y(2020, 2022)),
    "4.1.11": ([NK], [], Y(2020, 2022)),
    "4.1.12": ([NK], [], Y(2020, 2022)),
    "4.2.1": ([DIN, TN, ƏƏSMN, SN, AQUPDK, DMX, NRYTN, DTA, MTRŞ], [], R),
    "4.2.2": ([DIN], [ELM], Y(2020, 2024)),
    "4.2.3": ([ƏƏSMN, DIN, TN, AQUPDK, VXSİDA, MN, MTRŞ, DADO], [], R),
    "4.2.4": ([DMX, ƏƏSMN, DIN, DADO], [İQHT], R),
    "4.2.5": ([ƏƏSMN, İN, YİHO], [İQHT], R),
    "4.2.6": ([DIN, DTX, NRYTN], [], R),
    "4.2.7": ([DTX, DIN, NRYTN, DADO], [], R),
    "4.2.8": ([XIN, DIN], [], R),
    "4.2.9": ([XIN, DMX], [], Y(2020, 2024)),
    "4.2.10": ([DIN, DTX, DMX, DTA], [], Y(2021, 2022)),
    "4.2.11": ([NK, ƏƏSMN], [], Y(2020, 2021)),
    "4.3.1": ([DIN], [], Y(2020, 2022)),
    "4.3.2": ([DIN, MMX, DTX], [], R),
    "4.3.3": ([DIN, ƏN, DGK, DTX, DSX, ƏƏSMN, DMX], [], R),
    "4.3.4": ([DTX, DIN, DGK, DSX, DMX], [], R),
    "4.3.5": ([DIN, ƏƏSMN, DGK, DTX, DMX, DSX, DADO], [], R),
    "4.3.6": ([DIN, AQUPDK, ƏƏSMN, DMX], [], R),
    "4.4.1": ([ƏƏSMN, YİHO], [], Y(2020, 2024)),
    "4.4.2": ([ƏƏSMN, AQUPDK, TN, DIN, YYÇK], [], Y(2020, 2024)),
    "4.4.3": ([İTSDA], [], R),
    "4.4.4": ([DIN, ƏƏSMN, QHTDDŞ], [İQHT], Y(2020, 2024)),
    "4.4.5": ([ƏƏSMN, AQUPDK, TN, DIN], [], R),
    "4.4.6": ([ƏƏSMN, AQUPDK, SN, İTSDA, DIN], [], R),
    "4.4.7": ([DIN, DTX], [], R),
    "4.4.8": ([XIN, DADO], [], R),
    "4.4.9": ([XIN, DIN, DMX, SN, ƏƏSMN, AQUPDK, DADO], [], R),
    "4.5.1": ([AQUPDK, TN, ƏƏSMN, ƏN, DIN, YİHO], [], Y(2020, 2021)),
    "4.5.2": ([SN, İTSDA, AQUPDK, ƏN], [], Y(2020, 2024)),
    "4.5.3": ([ƏƏSMN, AQUPDK, TN, DADO], [İQHT], Y(2020, 2023)),
    "4.5.4": ([TN, AQUPDK, ƏƏSMN, DIN], [İQHT], R),
    "4.5.5": ([ƏƏSMN, AQUPDK, TN, İTSDA], [], R),
    "4.5.6": ([TN, AQUPDK, ƏƏSMN, DIN, YİHO], [AQHT], R),
    "4.5.7": ([ƏƏSMN, AQUPDK, YİHO], [], R),
    "4.5.8": ([DIN, DMX, AQUPDK, ƏƏSMN, TN], [], R),
    "4.5.9": ([DIN, AQUPDK, TN, SN], [], Y(2020, 2021)),
    "4.6.1": ([DIN, ƏƏSMN, XIN, İN, QHTDDŞ], [], Y(2020, 2021)),
    "4.6.2": ([QHTDDŞ, DIN], [], Y(2020, 2024)),
    "4.6.3": ([DIN, DTX, DSX, DMX, DGK, XIN, ƏƏSMN, AQUPDK], [], Y(2020, 2024)),
    "4.6.4": ([AQUPDK, ƏƏSMN, TN, SN, İTSDA, DIN], [], R),
    "4.6.5": ([NK, XIN, DIN], [], Y(2020, 2024)),
    "4.6.6": ([DIN, XIN, ƏN, DGK, DTX, DSX, DADO], [], R),
    "4.6.7": ([DIN, ƏƏSMN, AQUPDK, XIN, DADO], [], Y(2020, 2024)),
    "4.7.1": ([DIN, ƏN, DGK, DTX, DSX, ƏƏSMN, DMX, DTA], [], R),
    "4.7.2": ([DIN, ƏN, DGK, DTX, DSX, ƏƏSMN, DMX, TN, XIN, AQUPDK, DTA], [], R),
    "4.7.3": ([DSX, DMX, DGK, DTX, DIN, ƏƏSMN, XIN, DTA], [], Y(2020, 2024)),
    "4.7.4": ([DIN, ƏN, DGK, DTX, DSX, DMX], [], R),
    "4.7.5": ([AQUPDK, ƏƏSMN, TN, İTSDA, DIN], [İQHT], Y(2020, 2023)),
    "4.7.6": ([SN, İTSDA], [], Y(2020, 2024)),
    "4.7.7": ([DIN, DTX, DMX, DSX, DGK, ƏƏSMN, AQUPDK, SN, DADO], [İQHT_BT], R),
    "4.8.1": (
        [DIN, ƏƏSMN, TN, AQUPDK, DMX, XIN, SN, GİN, MN, NRYTN, DTA, DRA, MTRŞ, ATV],
        [AQHT],
        R,
    ),
    "4.8.2": ([DSX, DGK, DIN, NRYTN, AHY, ADY, AXDG], [AQHT], R),
    "4.8.3": ([DMX, ƏƏSMN, DIN], [AQHT], Y(2020, 2024)),
    "4.8.4": (
        [DIN, ƏƏSMN, TN, SN, XIN, GİN, MN, AQUPDK, DMX, DTA, NRYTN, MTRŞ, ATV, MTDQ],
        [AQHT],
        R,
    ),
    "4.8.5": ([İN, AQUPDK, ƏƏSMN, DIN], [AQHT], R),
    "4.9.1": ([MK, DIN], [], Y(2020, 2024)),
    "4.9.2": ([MK, DIN], [], Y(2020, 2024)),
    "4.9.3": ([MK, DIN], [], Y(2020, 2024)),
}

EXPECTED_SECTIONS = [
    (
        "4.1",
        "İnsan alverinə qarşı mübarizə sahəsində normativ hüquqi bazanın və institusional "
        "mexanizmlərin təkmilləşdirilməsi",
    ),
    ("4.2", "İnsan alverinin qarşısının alınması (profilaktikası)"),
    ("4.3", "İnsan alveri cinayətlərinə qarşı cinayət təqibi"),
    ("4.4", "İnsan alveri qurbanlarının sosial reabilitasiyası və müdafiəsi"),
    (
        "4.5",
        "İnsan alverindən zərər çəkmiş, zərər çəkməsi ehtimal olunan və ya insan alverinin "
        "potensial qurbanı olan uşaqlara göstərilən yardımın və onların müdafiəsinin "
        "təkmilləşdirilməsi",
    ),
    ("4.6", "İnsan alverinə qarşı mübarizə sahəsində əməkdaşlığın inkişaf etdirilməsi"),
    (
        "4.7",
        "İnsan alverinə qarşı mübarizə sahəsində fəaliyyət göstərən şəxslər üçün təlimlərin "
        "(ixtisaslaşmış peşə hazırlığının) keçirilməsi",
    ),
    ("4.8", "İnsan alverinə qarşı mübarizə ilə bağlı maarifləndirmə"),
    (
        "4.9",
        "Milli Fəaliyyət Planı iştirakçılarının fəaliyyətinin, insan alverinə qarşı mübarizə "
        "üzrə dəstəyin və resursların əlaqələndirilməsi",
    ),
]

SUPREME_COURT = "Azərbaycan Respublikasının Ali Məhkəməsi"
PROSECUTOR = "Azərbaycan Respublikasının Baş Prokurorluğu"
BAR = "Azərbaycan Respublikasının Vəkillər Kollegiyası"
OMBUDSMAN = "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman)"
PRESS_COUNCIL = "Azərbaycan Respublikasının Mətbuat Şurası"

# "Qeyd:" notes 1–5, in note order.
EXPECTED_RECOMMENDED = {
    SUPREME_COURT: ["4.1.1", "4.1.10", "4.3.3", "4.4.7", "4.6.6", "4.7.1", "4.7.4"],
    PROSECUTOR: ["4.1.1", "4.1.10", "4.3.2", "4.3.3", "4.4.7", "4.6.6", "4.7.1", "4.7.4"],
    BAR: ["4.1.1", "4.1.10", "4.3.2", "4.7.4"],
    OMBUDSMAN: [
        "4.1.1",
        "4.1.3",
        "4.1.10",
        "4.2.1",
        "4.2.3",
        "4.2.4",
        "4.4.2",
        "4.5.1",
        "4.5.2",
        "4.5.3",
        "4.5.7",
        "4.6.1",
        "4.7.4",
    ],
    PRESS_COUNCIL: ["4.2.1", "4.2.2", "4.2.3", "4.2.6", "4.4.2"],
}

EXPECTED_PLAN = {
    "title": (
        "Azərbaycan Respublikasında insan alverinə qarşı mübarizəyə dair 2020–2024-cü illər "
        "üçün Milli Fəaliyyət Planı"
    ),
    "order_number": "2173",
    "order_date": "2020-07-22",
    "period": {"from": 2020, "to": 2024},
}

# --------------------------------------------------------------------------- sources


def _seed_result() -> ParseResult:
    return parse_plan_text(SEED.read_text(encoding="utf-8"))


_cache: dict[str, dict] = {}


@pytest.fixture(params=["fixture", "seed"])
def plan(request: pytest.FixtureRequest) -> dict:
    """The plan data, from the committed JSON or from parsing the seed text."""
    if request.param not in _cache:
        if request.param == "fixture":
            _cache["fixture"] = json.loads(FIXTURE.read_text(encoding="utf-8"))
        else:
            _cache["seed"] = _seed_result().data
    return _cache[request.param]


def _measures(plan: dict) -> dict[str, dict]:
    return {m["number"]: m for m in plan["measures"]}


# --------------------------------------------------------------------------- the real plan


def test_plan_metadata(plan: dict) -> None:
    assert plan["plan"] == EXPECTED_PLAN


def test_measure_count_and_order(plan: dict) -> None:
    numbers = [m["number"] for m in plan["measures"]]
    assert len(numbers) == 69
    assert numbers == list(EXPECTED)


@pytest.mark.parametrize("number", list(EXPECTED))
def test_measure(plan: dict, number: str) -> None:
    bodies, involving, deadline = EXPECTED[number]
    measure = _measures(plan)[number]
    assert measure["section"] == number.rsplit(".", 1)[0]
    assert measure["executing_bodies"] == bodies
    assert measure["involving"] == involving
    assert measure["deadline"] == deadline
    assert measure["title"] and measure["title"] == " ".join(measure["title"].split())


def test_sections(plan: dict) -> None:
    assert [(s["number"], s["title"]) for s in plan["sections"]] == EXPECTED_SECTIONS


def test_goals_and_principles(plan: dict) -> None:
    goals = [g["number"] for g in plan["goals"] if g["kind"] == "goal"]
    principles = [g["number"] for g in plan["goals"] if g["kind"] == "principle"]
    assert goals == [f"2.1.{i}" for i in range(1, 8)]
    assert principles == [f"2.3.{i}" for i in range(1, 7)]
    texts = {g["number"]: g["text"] for g in plan["goals"]}
    assert texts["2.1.1"] == (
        "şəxsiyyətin və cəmiyyətin insan alverinin bütün formalarından qorunması, xüsusən "
        "qadınların, uşaqların və insan alverinə məruz qala bilən digər həssas əhali "
        "qruplarının istismarının qarşısının alınması"
    )
    assert texts["2.3.3"] == "insan alverinə görə cəzanın labüdlüyü"


@pytest.mark.parametrize("participant", list(EXPECTED_RECOMMENDED))
def test_recommended_participants(plan: dict, participant: str) -> None:
    listed = [m["number"] for m in plan["measures"] if participant in m["recommended_participants"]]
    assert listed == EXPECTED_RECOMMENDED[participant]


def test_recommended_participants_follow_note_order(plan: dict) -> None:
    note_order = list(EXPECTED_RECOMMENDED)
    for measure in plan["measures"]:
        got = measure["recommended_participants"]
        assert got == sorted(got, key=note_order.index), measure["number"]
    expected = [SUPREME_COURT, PROSECUTOR, BAR, OMBUDSMAN]
    assert _measures(plan)["4.1.1"]["recommended_participants"] == expected


def test_selected_titles(plan: dict) -> None:
    measures = _measures(plan)
    assert measures["4.1.2"]["title"] == (
        "Avropa Şurasının İnsan orqanlarının alverinə qarşı Konvensiyasına Azərbaycan "
        "Respublikasının qoşulması məsələsi barədə təkliflər hazırlanması"
    )
    assert "“İnsan alverinə qarşı mübarizə haqqında” Avropa Şurası" in measures["4.1.1"]["title"]
    assert "hüquqi və sosial müdafiəsinin" in measures["4.1.3"]["title"]
    assert "tələbləri nəzərə alınmaqla" in measures["4.1.4"]["title"]
    assert measures["4.1.6"]["title"].startswith("Xidmət sektorunda")
    assert measures["4.4.4"]["title"].startswith(
        "İnsan alveri qurbanlarına xidmət göstərən dövlət və qeyri-dövlət sığınacaq"
    )
    assert measures["4.9.1"]["title"] == (
        "Milli Fəaliyyət Planının icrasından irəli gələn müvafiq tədbirlərin həyata keçirilməsi"
    )


def test_generic_bodies_occur_as_written(plan: dict) -> None:
    used = {b for m in plan["measures"] for b in m["executing_bodies"]}
    for generic in GENERIC_BODIES:
        assert normalise_body_name(generic) == generic
        assert generic in used


def test_no_stray_characters(plan: dict) -> None:
    text = json.dumps(plan, ensure_ascii=False)
    assert "\ufffd" not in text
    assert '\\"' not in text
    assert "İn s a n" not in text


def test_seed_parses_without_problems() -> None:
    assert _seed_result().problems == []


def test_fixture_equals_parser_output() -> None:
    result = _seed_result()
    assert json.loads(FIXTURE.read_text(encoding="utf-8")) == result.data
    assert FIXTURE.read_text(encoding="utf-8") == dump_json(result.data)


def test_shuffled_seed_never_raises() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    rng = random.Random(2173)
    for _ in range(25):
        sample = rng.sample(lines, k=len(lines) // 2)
        result = parse_plan_text("\n".join(sample))
        assert isinstance(result.problems, list)


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Daxili İşlər\n Nazirliyi, ", DIN),
        ('"Azərbaycan Hava Yolları” Qapalı Səhmdar\nCəmiyyəti', AHY),
        ("İcbari Tibbi Sığorta üzrə Dövlət\n\nAgentliyi", İTSDA),
        ("X i d mə t sektoru", "Xidmət sektoru"),
        ("İ n s a n alveri və ya zərər", "İnsan alveri və ya zərər"),
        ("Nazirliyi,digər", "Nazirliyi, digər"),
        ("2020\ufffd2022", "2020–2022"),
    ],
)
def test_normalise_body_name(raw: str, expected: str) -> None:
    assert normalise_body_name(raw) == expected


# --------------------------------------------------------------------------- bad input


def _fragment(*measures: str) -> str:
    """A minimal table: one section heading followed by the given measure blocks."""
    return "\n\n".join(["4.1. Sınaq bölməsi", *measures]) + "\n"


GOOD_1 = "4.1.1.\nBirinci tədbirin adı\n\nNazirlər Kabineti 2020\ufffd2022"
GOOD_2 = "4.1.2.\nİkinci tədbirin adı\n\nDaxili İşlər Nazirliyi,\nTəhsil Nazirliyi\n\nmütəmadi"


def _codes(result: ParseResult) -> list[str]:
    return [p.code for p in result.problems]


def test_fragment_parses_cleanly() -> None:
    result = parse_plan_text(_fragment(GOOD_1, GOOD_2))
    assert [m["number"] for m in result.data["measures"]] == ["4.1.1", "4.1.2"]
    assert result.data["measures"][1]["executing_bodies"] == [DIN, TN]
    assert result.data["measures"][1]["deadline"] == {"regular": True}
    # A bare fragment has no plan title or order: that is the only complaint.
    assert _codes(result) == ["missing_metadata"]


@pytest.mark.parametrize("text", ["", "\n\n  \n", None])
def test_empty_text(text: str | None) -> None:
    result = parse_plan_text(text)  # type: ignore[arg-type]
    assert _codes(result) == ["no_measures"]
    assert result.data["goals"] == result.data["sections"] == result.data["measures"] == []
    assert set(result.data) == {"plan", "goals", "sections", "measures"}


def test_unrelated_text() -> None:
    text = "Lorem ipsum dolor sit amet.\n\n1. Birinci bənd\n2.1. İkinci\nQeyd:\n1. Heç nə\n"
    result = parse_plan_text(text)
    assert "no_measures" in _codes(result)
    assert result.data["measures"] == []


def test_measure_missing_deadline() -> None:
    broken = "4.1.2.\nİkinci tədbirin adı\n\nDaxili İşlər Nazirliyi"
    result = parse_plan_text(_fragment(GOOD_1, broken, GOOD_2.replace("4.1.2.", "4.1.3.")))
    assert Problem(8, "missing_deadline", "4.1.2 İkinci tədbirin adı") in result.problems
    measure = _measures(result.data)["4.1.2"]
    assert measure["deadline"] is None
    assert measure["executing_bodies"] == [DIN]


def test_bad_deadline() -> None:
    broken = GOOD_2.replace("mütəmadi", "2024\ufffd2020")
    result = parse_plan_text(_fragment(GOOD_1, broken))
    assert "bad_deadline" in _codes(result)
    assert _measures(result.data)["4.1.2"]["deadline"] is None


def test_duplicate_measure() -> None:
    result = parse_plan_text(_fragment(GOOD_1, GOOD_2, GOOD_2))
    assert "duplicate_measure" in _codes(result)
    assert [m["number"] for m in result.data["measures"]] == ["4.1.1", "4.1.2"]


def test_stray_text() -> None:
    stray = "Bu sətir heç bir sütuna aid deyil"
    result = parse_plan_text(_fragment(GOOD_1, stray, GOOD_2))
    assert Problem(8, "unplaced_text", stray) in result.problems
    assert len(result.data["measures"]) == 2


def test_measure_out_of_sequence() -> None:
    result = parse_plan_text(_fragment(GOOD_1, GOOD_2.replace("4.1.2.", "4.1.4.")))
    assert "out_of_sequence" in _codes(result)


def test_measure_without_bodies() -> None:
    result = parse_plan_text(_fragment("4.1.1.\nBirinci tədbirin adı\n\n2020\ufffd2021"))
    assert "missing_bodies" in _codes(result)


def test_problem_text_is_shortened() -> None:
    stray = "söz " * 60
    result = parse_plan_text(_fragment(GOOD_1, stray, GOOD_2))
    (problem,) = [p for p in result.problems if p.code == "unplaced_text"]
    assert len(problem.text) <= 80
