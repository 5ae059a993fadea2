"""The annual statistics at a million persons and five million hotline contacts, on
PostgreSQL: ``ctis.stats.figures.annual`` against hand-written SQL for the same counts (every
table it computes, one statement each, as an analyst who knows the schema would write them).

Loads ``--persons`` synthetic persons as ``bench/cases_list.py`` does (``ctis setup --demo``
then ``ctis demo``: victims with profiles, events, cases, prosecutions, all through the
services), then ``--contacts`` hotline contacts with their topics, written by SQL
(``generate_series``: the hotline has no bulk generator, and the statistics read only the
plain columns a contact form fills), spread over the years of the persons. Then, for
``--year``, it times ``annual()`` (``--runs`` runs, after one warm-up) and the hand-written
statements, and prints both medians and their ratio, the slowest statements of each, the
SQL statements ``annual()`` ran, the data sizes and the machine. Budget (issue 13): under 1 s, ratio at most 1.5.

    .venv/bin/python bench/stats_annual.py                 # load, then measure
    .venv/bin/python bench/stats_annual.py --reuse         # measure what is loaded
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_list  # noqa: E402  (the loader and the machine's description)

BUDGET_S = 1.0
RATIO = 1.5

# Every count annual() computes, written by hand: what a careful analyst who knows the
# schema would type, one statement per table as annual() has (the same 30 figures' worth).
HAND_SQL = {
    # Victims: status, sex, age, citizenship, forms and places of exploitation, in one
    # statement over the person's copies (cases.0014).
    "victims by status, sex, age, citizenship, form, place": """
        SELECT p.victim_status, p.sex,
               CASE WHEN p.birth_year IS NULL THEN 'unknown'
                    WHEN extract(year FROM p.identified_on) - p.birth_year < 18 THEN 'child'
                    ELSE 'adult' END,
               p.citizenship_class, p.forms_mask, p.exploited_mask, count(*)
        FROM cases_person p
        WHERE p.victim_status IN ('ActualVictimOfTrafficking', 'PossibleVictimOfTrafficking')
          AND p.identified_on BETWEEN %(start)s AND %(end)s
        GROUP BY 1, 2, 3, 4, 5, 6""",
    "population": "SELECT year, population FROM stats_population WHERE year = %(year)s",
    "foreign victims by citizenship": """
        SELECT c.alpha3, count(DISTINCT pc.person_id)
        FROM cases_person_citizenships pc JOIN cases_person p ON p.id = pc.person_id
        JOIN core_country c ON c.code = pc.country_id
        WHERE p.victim_status = 'ActualVictimOfTrafficking' AND p.citizenship_class = 'foreigner'
          AND p.identified_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    # The person's copy of its countries of exploitation (cases 0018), split by country.
    "victims by country of exploitation": """
        SELECT c.alpha3, p.forms_mask, count(*)
        FROM cases_person p
        CROSS JOIN LATERAL unnest(string_to_array(p.exploited_countries, ',')) AS x(code)
        JOIN core_country c ON c.code = x.code
        WHERE p.victim_status = 'ActualVictimOfTrafficking' AND p.exploited_countries <> ''
          AND p.identified_on BETWEEN %(start)s AND %(end)s GROUP BY 1, 2""",
    # Justice: this year and the year before, for the change. The accused's sex is the
    # prosecution's copy (cases 0017).
    **{
        f"cases registered{label}": f"""
        SELECT count(DISTINCT c.id),
               count(DISTINCT c.id) FILTER (WHERE a.is_trafficking)
        FROM cases_criminalcase c
        LEFT JOIN cases_criminalcase_articles ca ON ca.criminalcase_id = c.id
        LEFT JOIN cases_criminalcodearticle a ON a.id = ca.criminalcodearticle_id
        WHERE c.registered_on BETWEEN %({start})s AND %({end})s"""
        for label, start, end in [("", "start", "end"), (", year before", "prev_start", "prev_end")]
    },
    **{
        f"cases by article{label}": f"""
        SELECT a.code, count(DISTINCT ca.criminalcase_id)
        FROM cases_criminalcase_articles ca
        JOIN cases_criminalcase c ON c.id = ca.criminalcase_id
        JOIN cases_criminalcodearticle a ON a.id = ca.criminalcodearticle_id
        WHERE c.registered_on BETWEEN %({start})s AND %({end})s GROUP BY 1"""
        for label, start, end in [("", "start", "end"), (", year before", "prev_start", "prev_end")]
    },
    **{
        f"crimes by article{label}": f"""
        SELECT a.code, a.is_trafficking, a.is_document_related, count(*),
               count(*) FILTER (WHERE cr.solved)
        FROM cases_crime cr JOIN cases_criminalcodearticle a ON a.id = cr.article_id
        WHERE cr.registered_on BETWEEN %({start})s AND %({end})s GROUP BY 1, 2, 3"""
        for label, start, end in [("", "start", "end"), (", year before", "prev_start", "prev_end")]
    },
    "criminal groups neutralised": """
        SELECT count(DISTINCT g.id), count(DISTINCT m.person_id)
        FROM cases_criminalgroup g LEFT JOIN cases_groupmember m ON m.group_id = g.id
        WHERE g.neutralised_on BETWEEN %(start)s AND %(end)s""",
    "persons charged by sex": """
        SELECT pr.accused_sex, count(DISTINCT pr.accused_id) FROM cases_prosecution pr
        WHERE pr.charged_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "wanted persons": """
        SELECT count(DISTINCT person_id) FILTER (
                   WHERE at_start IN ('InCountry', 'Abroad') OR listed OR caught),
               count(DISTINCT person_id) FILTER (WHERE caught),
               count(DISTINCT person_id) FILTER (WHERE at_end = 'Abroad')
        FROM (
            SELECT cp.person_id,
                   (array_agg(w.status ORDER BY w.on DESC, w.recorded_at DESC, w.id DESC)
                      FILTER (WHERE w.on < %(start)s))[1] AS at_start,
                   (array_agg(w.status ORDER BY w.on DESC, w.recorded_at DESC, w.id DESC))[1]
                      AS at_end,
                   bool_or(w.on >= %(start)s AND w.status IN ('InCountry', 'Abroad')) AS listed,
                   bool_or(w.on >= %(start)s AND w.status = 'Caught') AS caught
            FROM cases_wantedchange w JOIN cases_caseparticipant cp ON cp.id = w.participant_id
            WHERE w.on <= %(end)s GROUP BY w.participant_id, cp.person_id
        ) history""",
    "sent to court by sex": """
        SELECT pr.accused_sex, count(DISTINCT pr.accused_id) FROM cases_prosecution pr
        WHERE pr.sent_to_court_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "verdicts by outcome and sex": """
        SELECT pr.outcome, pr.accused_sex, count(DISTINCT pr.accused_id) FROM cases_prosecution pr
        WHERE pr.verdict_on BETWEEN %(start)s AND %(end)s GROUP BY 1, 2""",
    "convictions by sentence": """
        SELECT sentence, count(DISTINCT accused_id) FROM cases_prosecution
        WHERE outcome = 'Convicted' AND verdict_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "prison months, fines, confiscations": """
        SELECT sum(term_months) FILTER (WHERE sentence = 'Imprisonment'),
               sum(fine_azn) FILTER (WHERE sentence = 'Fine'),
               count(*) FILTER (WHERE confiscation), count(DISTINCT accused_id)
        FROM cases_prosecution
        WHERE outcome = 'Convicted' AND verdict_on BETWEEN %(start)s AND %(end)s""",
    # Protection.
    "victims placed, by kind of facility": """
        SELECT n.function, count(DISTINCT s.person_id)
        FROM nrm_stay s JOIN nrm_facility f ON f.id = s.facility_id
        LEFT JOIN nrm_nrmagency n ON n.agency_id = f.agency_id
        WHERE s.admitted_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "services by kind": """
        SELECT kind, count(DISTINCT person_id), count(*), sum(amount)
        FROM nrm_servicedelivery
        WHERE delivered_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "victims rehabilitated": """
        SELECT count(DISTINCT person_id) FROM nrm_servicedelivery
        WHERE kind IN ('medical', 'psychological')
          AND delivered_on BETWEEN %(start)s AND %(end)s""",
    # The hotline, monitoring, outreach.
    # The hotline's day counts (hotline 0005), kept with every contact recorded.
    "hotline contacts by nature and channel": """
        SELECT nature, channel, sum(contacts) FROM hotline_contactday
        WHERE day BETWEEN %(start)s AND %(end)s GROUP BY 1, 2""",
    "hotline contacts by topic": """
        SELECT t.code, sum(d.contacts) FROM hotline_topicday d
        JOIN hotline_topic t ON t.id = d.topic_id
        WHERE d.day BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "monitoring items by state, category, platform": """
        SELECT state, category, platform, count(*) FROM monitoring_item
        WHERE found_on BETWEEN %(start)s AND %(end)s
        GROUP BY GROUPING SETS ((state), (category), (platform))""",
    "outreach events by kind": """
        SELECT kind, count(*), sum(participants_total), sum(materials_count) FROM outreach_event
        WHERE starts_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "outreach participants by sex": """
        SELECT sum(g.women), sum(g.men)
        FROM outreach_participantgroup g JOIN outreach_event e ON e.id = g.event_id
        WHERE e.starts_on BETWEEN %(start)s AND %(end)s""",
    # The catalogue indicators summed across agencies' accepted reports.
    "indicators by breakdown": """
        SELECT v.indicator_id, v.category, sum(v.value)
        FROM plan_indicatorvalue v JOIN plan_measurereport r ON r.id = v.report_id
        JOIN plan_reportingperiod rp ON rp.id = r.period_id
        WHERE rp.year = %(year)s AND r.state = 'accepted' GROUP BY 1, 2""",
    "indicators with their totals": """
        SELECT i.id, i.code, i.name_az, i.name_en, i.name_ru, i.unit, i.breakdown,
               sum(v.value), count(DISTINCT r.agency_id), count(DISTINCT v.report_id)
        FROM plan_indicator i
        LEFT JOIN plan_indicatorvalue v ON v.indicator_id = i.id
          AND v.report_id IN (SELECT r2.id FROM plan_measurereport r2
                              JOIN plan_reportingperiod rp ON rp.id = r2.period_id
                              WHERE rp.year = %(year)s AND r2.state = 'accepted')
        LEFT JOIN plan_measurereport r ON r.id = v.report_id
        GROUP BY i.id HAVING i.is_active OR sum(v.value) IS NOT NULL
        ORDER BY i.position, i.code""",
}


def load_contacts(args) -> None:
    with cases_list.connect(args.database_url) as conn:
        have = conn.execute("SELECT count(*) FROM hotline_contact").fetchone()[0]
        missing = args.contacts - have
        if missing <= 0:
            print(f"Reusing {have:,} hotline contacts.", flush=True)
            return
        # The hotline operators work for the police unit (demonstration users).
        agency_id = conn.execute(
            "SELECT id FROM accounts_agency WHERE code = 'mia-ctd'"
        ).fetchone()[0]
        first, last = conn.execute(
            "SELECT min(extract(year FROM identified_on)), max(extract(year FROM identified_on)) "
            "FROM cases_person WHERE identified_on IS NOT NULL"
        ).fetchone()
        span_days = (int(last) - int(first) + 1) * 365
        started = time.perf_counter()
        print(f"Writing {missing:,} hotline contacts over {first:.0f}–{last:.0f}.", flush=True)
        conn.execute(
            """
            INSERT INTO hotline_contact (id, received_at, channel, language, caller_type,
                nature, region, outcome, emergency, agency_id, created_at, updated_at)
            SELECT gen_random_uuid(),
                   make_date(%(first)s, 1, 1) + (random() * %(span)s)::int * interval '1 day'
                     + (random() * 86399)::int * interval '1 second',
                   (ARRAY['phone','phone','phone','whatsapp','telegram','web_form','email'])
                     [1 + floor(random() * 7)::int],
                   (ARRAY['az','az','az','ru','en'])[1 + floor(random() * 5)::int],
                   (ARRAY['at_risk','relative','professional','anonymous'])
                     [1 + floor(random() * 4)::int],
                   (ARRAY['case','information','information','information','silent','hoax'])
                     [1 + floor(random() * 6)::int],
                   (ARRAY['baku','baku','ganja_dashkasan','lankaran_astara','abroad',''])
                     [1 + floor(random() * 6)::int],
                   (ARRAY['information','information','referred','police_tip','no_action'])
                     [1 + floor(random() * 5)::int],
                   '', %(agency)s, now(), now()
            FROM generate_series(1, %(n)s)
            """,
            {"first": int(first), "span": span_days, "agency": agency_id, "n": missing},
        )
        print(f"  contacts: {time.perf_counter() - started:.0f} s.", flush=True)
        conn.execute(
            """
            INSERT INTO hotline_contacttopic (contact_id, topic_id, received_at)
            SELECT c.id, t.id, c.received_at FROM hotline_contact c
            JOIN LATERAL (SELECT id FROM hotline_topic ORDER BY random() + (c.id IS NULL)::int
                          LIMIT 1 + (random() < 0.3)::int) t ON true
            WHERE NOT EXISTS (SELECT 1 FROM hotline_contacttopic x WHERE x.contact_id = c.id)
            """
        )
        print(f"  with their topics: {time.perf_counter() - started:.0f} s.", flush=True)
        # The day counts contact_record keeps, for the contacts written here by SQL: all
        # counted again by their day in the server's time zone, as migration hotline 0005.
        conn.execute("DELETE FROM hotline_contactday")
        conn.execute(
            """
            INSERT INTO hotline_contactday (day, nature, channel, contacts)
            SELECT (received_at AT TIME ZONE 'Asia/Baku')::date, nature, channel, count(*)
            FROM hotline_contact GROUP BY 1, 2, 3
            """
        )
        conn.execute("DELETE FROM hotline_topicday")
        conn.execute(
            """
            INSERT INTO hotline_topicday (day, topic_id, contacts)
            SELECT (received_at AT TIME ZONE 'Asia/Baku')::date, topic_id, count(*)
            FROM hotline_contacttopic GROUP BY 1, 2
            """
        )
        print(f"  counted by day: {time.perf_counter() - started:.0f} s.", flush=True)
        conn.execute("VACUUM ANALYZE hotline_contact")
        conn.execute("VACUUM ANALYZE hotline_contacttopic")


def measure(args) -> dict:
    os.environ.update(cases_list.environment(args))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ctis.stats.figures import annual
    from ctis.stats.periods import Period

    period = Period.years(args.year)
    annual(period)  # warm-up: caches, the planner's statistics
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        annual(period)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        figures = annual(period)
    before = period.previous()
    params = {
        "year": args.year,
        "start": period.start,
        "end": period.end,
        "prev_start": before.start,
        "prev_end": before.end,
    }
    hand = []
    with connection.cursor() as cursor:
        for sql in HAND_SQL.values():
            cursor.execute(sql, params)
            cursor.fetchall()
        for _ in range(args.runs):
            started = time.perf_counter()
            each = {}
            for name, sql in HAND_SQL.items():
                began = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                each[name] = time.perf_counter() - began
            hand.append(time.perf_counter() - started)
    per_query = sorted(
        ((float(q["time"]), q["sql"][:160]) for q in captured.captured_queries), reverse=True
    )
    return {
        "year": args.year,
        "annual_median_s": round(statistics.median(times), 3),
        "annual_runs_s": [round(t, 3) for t in times],
        "hand_sql_median_s": round(statistics.median(hand), 3),
        "ratio": round(statistics.median(times) / statistics.median(hand), 2),
        "queries": len(captured.captured_queries),
        "hand_statements": len(HAND_SQL),
        "slowest_hand_statements": sorted(
            ((round(t, 3), name) for name, t in each.items()), reverse=True
        )[:8],
        "slowest_queries": per_query[:8],
        "victims_identified": figures["victims"]["identified"],
        "hotline_contacts": figures["hotline"]["contacts"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ctis_bench")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=5_000_000)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--vacuum", action="store_true")
    parser.add_argument("--key-file", type=Path, default=cases_list.DATA / "keys")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    cases_list.DATA.mkdir(parents=True, exist_ok=True)
    cases_list.load(args, cases_list.environment(args))
    load_contacts(args)
    result = measure(args)
    result["machine"] = cases_list.machine(args)
    result["rows"] = cases_list.data_sizes(args)["rows"]
    with cases_list.connect(args.database_url) as conn:
        result["rows"]["hotline contacts"] = conn.execute(
            "SELECT count(*) FROM hotline_contact"
        ).fetchone()[0]
        result["rows"]["contact topics"] = conn.execute(
            "SELECT count(*) FROM hotline_contacttopic"
        ).fetchone()[0]
        result["load_average"] = os.getloadavg()
    text = json.dumps(result, indent=2, default=str, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text)
    met = result["annual_median_s"] < BUDGET_S and result["ratio"] <= RATIO
    print(f"Budget (< {BUDGET_S} s, ratio <= {RATIO}): {'met' if met else 'NOT met'}.")


if __name__ == "__main__":
    main()
