"""The annual statistics at a million persons and five million hotline contacts, on
PostgreSQL: ``ctis.stats.figures.annual`` against hand-written SQL for the same core counts.

Loads ``--persons`` synthetic persons as ``bench/cases_list.py`` does (``ctis setup --demo``
then ``ctis demo``: victims with profiles, events, cases, prosecutions, all through the
services), then ``--contacts`` hotline contacts with their topics, written by SQL
(``generate_series``: the hotline has no bulk generator, and the statistics read only the
plain columns a contact form fills), spread over the years of the persons. Then, for
``--year``, it times ``annual()`` (``--runs`` runs, after one warm-up) and the hand-written
statements, and prints both medians and their ratio, the SQL statements ``annual()`` ran,
the data sizes and the machine. Budget (issue 13): under 1 s, ratio at most 1.5.

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

# The same counts as annual(), written by hand: what a careful analyst would type.
HAND_SQL = {
    # Status, sex, age, citizenship, forms and places of exploitation: one statement over
    # the person's copies (cases.0014), as an analyst who knows the schema would write it.
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
    "victims by country of exploitation": """
        SELECT c.alpha3, p.forms_mask, count(DISTINCT e.victim_id)
        FROM cases_traffickingevent e JOIN cases_person p ON p.id = e.victim_id
        JOIN core_country c ON c.code = e.country_id
        WHERE e.kind = 'Exploitation' AND p.victim_status = 'ActualVictimOfTrafficking'
          AND p.identified_on BETWEEN %(start)s AND %(end)s GROUP BY 1, 2""",
    "convictions by sentence": """
        SELECT sentence, count(DISTINCT accused_id) FROM cases_prosecution
        WHERE outcome = 'Convicted' AND verdict_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "hotline contacts by nature and channel": """
        SELECT nature, channel, count(*) FROM hotline_contact
        WHERE received_at >= %(from_ts)s AND received_at < %(to_ts)s GROUP BY 1, 2""",
    "hotline contacts by topic": """
        SELECT t.code, count(*) FROM hotline_contacttopic ct
        JOIN hotline_topic t ON t.id = ct.topic_id
        WHERE ct.received_at >= %(from_ts)s AND ct.received_at < %(to_ts)s GROUP BY 1""",
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
    params = {
        "start": period.start,
        "end": period.end,
        "from_ts": period.starts_at(),
        "to_ts": period.ends_before(),
    }
    hand = []
    with connection.cursor() as cursor:
        for sql in HAND_SQL.values():
            cursor.execute(sql, params)
            cursor.fetchall()
        for _ in range(args.runs):
            started = time.perf_counter()
            for sql in HAND_SQL.values():
                cursor.execute(sql, params)
                cursor.fetchall()
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
