"""Time the full-year consolidated report (PDF and DOCX), in process and through the worker.

Builds a full reporting year: ``ctis setup --demo`` (the official plan, the agencies and
the demonstration users), then a report, submitted, from every agency expected to report
on every measure (273 for the 2020–2024 plan), each with real-sized narratives cut from
the State Migration Service's 2021 report (``../shared/seeds/004_*.txt`` when it is
beside the checkout; the demonstration narratives otherwise) and a few figures. The
reports are written in bulk (one statement a table), not through the reporting service:
the bench times the document, not the 273 submissions.

Then, each ``--repeat`` times, it times:

- ``gather``: ``documents.consolidated_document`` (the data of the document, its queries);
- ``pdf``: WeasyPrint from that data (HTML, layout, PDF), and its page count;
- ``docx``: python-docx from that data;
- ``worker-pdf``: the way users get it: the request's job enqueued to the database queue
  and run by ``ctis worker --batch`` in a process of its own, from the enqueue to the
  stored file (``--no-worker`` leaves it out).

``--profile pdf`` (or ``docx``) prints the cProfile of one run, the 25 costliest
functions by cumulative and by own time. It prints the machine. Run with the project's
interpreter::

    .venv/bin/python bench/plan_documents.py                   # SQLite in bench/data/plan
    .venv/bin/python bench/plan_documents.py --profile pdf
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ctis_bench .venv/bin/python bench/plan_documents.py
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "bench" / "data" / "plan"
SEED = ROOT.parent / "shared" / "seeds" / "004_e692b092547fc0c1.txt"
YEAR = 2021


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CTIS_DEMO": "1",
            "CTIS_DATA_DIR": str(DATA),
            "DJANGO_SETTINGS_MODULE": "ctis.settings",
        }
    )
    env.pop("CTIS_PRODUCTION", None)
    env.pop("CTIS_DATA_KEYS", None)
    return env


def machine() -> dict:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import django
    import docx  # noqa: F401
    import weasyprint
    from django.db import connection

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "os": platform.platform(),
        "database": f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "weasyprint": weasyprint.__version__,
    }


def paragraphs(seed: Path) -> list[str]:
    """Real paragraphs of an agency's yearly report, without its headings."""
    if seed.exists():
        lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
        found = [line for line in lines if len(line) > 200 and not line.startswith("**")]
        if found:
            return found
    from ctis.bootstrap.demo.plan import NARRATIVES

    return list(NARRATIVES.values())


def fill_year(per_report: int, seed: Path) -> None:
    """A submitted report from every expected agency on every measure of the year."""
    from django.db import transaction
    from django.utils import timezone

    from ctis.accounts.models import User
    from ctis.plan import selectors
    from ctis.plan.models import MeasureReport, ReportFigure, ReportingPeriod
    from ctis.plan.services import reporting

    plan = selectors.current_plan()
    assert plan is not None, "ctis setup loads the plan"
    coordinator = User.objects.get(username="coordinator")
    period = ReportingPeriod.objects.filter(plan=plan, year=YEAR).first()
    if period is None:
        import datetime

        period = reporting.period_open(
            actor=coordinator, plan=plan, year=YEAR, due_date=datetime.date(YEAR + 1, 1, 15)
        )
    texts = paragraphs(seed)
    statuses = ["implemented", "in_progress", "partial", "implemented", "not_implemented"]
    now = timezone.now()
    pairs = selectors.expected_pairs(plan)
    with transaction.atomic():
        MeasureReport.objects.filter(period=period).delete()
        reports = []
        for i, (measure_id, agency_id) in enumerate(pairs):
            narrative = "\n".join(texts[(i + k) % len(texts)] for k in range(per_report))
            reports.append(
                MeasureReport(
                    period=period,
                    measure_id=measure_id,
                    agency_id=agency_id,
                    state=MeasureReport.State.SUBMITTED,
                    status=statuses[i % len(statuses)],
                    narrative=narrative,
                    created_by=coordinator,
                    submitted_by=coordinator,
                    submitted_at=now,
                    first_submitted_at=now,
                )
            )
        MeasureReport.objects.bulk_create(reports)
        ReportFigure.objects.bulk_create(
            ReportFigure(report=report, label=label, value=value, unit=unit, position=k)
            for i, report in enumerate(reports)
            for k, (label, value, unit) in enumerate(
                [("tədbirlər", 3 + i % 17, ""), ("iştirakçılar", 40 + 7 * i, "nəfər")][: 1 + i % 2]
            )
        )
    print(f"year {YEAR}: {len(reports)} reports, {per_report} paragraphs each", flush=True)


CPU: dict[str, list[float]] = {}


def timed(function, *args, _name: str = "", **kwargs):
    """The value and the wall time; the process's CPU time goes to ``CPU[_name]`` (on a
    machine shared with other work, the CPU time is the steadier figure)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = function(*args, **kwargs)
    CPU.setdefault(_name, []).append(time.process_time() - cpu)
    return value, time.perf_counter() - start


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def profile(kind: str, period) -> None:
    from ctis.plan import documents

    profiler = cProfile.Profile()
    profiler.enable()
    documents.consolidated_report_file(period=period, fmt=kind, language="az")
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(25)
        print(f"\n--- profile of the {kind}, by {order} time ---")
        print(out.getvalue())


def worker_run(period, user_name: str) -> tuple[float, dict]:
    """From the request's enqueue to the stored file, with ``ctis worker`` in its own process."""
    from ctis.accounts.models import User
    from ctis.plan import services

    user = User.objects.get(username=user_name)
    start = time.perf_counter()
    job = services.document_request(actor=user, period=period, fmt="pdf", language="az")
    subprocess.run(
        [str(BIN / "ctis"), "worker", "--batch", "--verbosity", "0"],
        env=environment(),
        check=True,
    )
    elapsed = time.perf_counter() - start
    job.refresh_from_db()
    return elapsed, {"state": job.state, "size": job.size, "pages_seen": job.total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reuse", action="store_true", help="benchmark what is loaded")
    parser.add_argument("--paragraphs", type=int, default=3, help="a report's paragraphs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", choices=["pdf", "docx"])
    parser.add_argument("--no-worker", action="store_true")
    parser.add_argument("--seed", type=Path, default=SEED, help="the report to take text from")
    args = parser.parse_args()

    os.environ.update(environment())
    if not args.reuse and "DATABASE_URL" not in os.environ and DATA.exists():
        shutil.rmtree(DATA)
    import django

    django.setup()
    from django.core.management import call_command

    from ctis.plan import documents, selectors
    from ctis.plan.models import ReportingPeriod

    if not args.reuse:
        call_command("setup", demo=True, verbosity=0)
        fill_year(args.paragraphs, args.seed)
    period = ReportingPeriod.objects.select_related("plan").get(
        plan=selectors.current_plan(), year=YEAR
    )
    print("machine:", machine(), flush=True)
    if args.profile:
        profile(args.profile, period)
        return

    figures: dict[str, list[float]] = {"gather": [], "pdf": [], "docx": [], "worker-pdf": []}
    details: dict[str, object] = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            doc, seconds = timed(
                documents.consolidated_document, period, language="az", _name="gather"
            )
        figures["gather"].append(seconds)
        details["queries"] = len(queries)
        details["reports"] = sum(
            1 for s in doc.sections for m in s.measures for e in m.entries if e.received
        )
        pdf, seconds = timed(documents.consolidated_pdf, doc, _name="pdf")
        figures["pdf"].append(seconds)
        details["pages"] = pages(pdf)
        details["pdf_bytes"] = len(pdf)
        docx, seconds = timed(documents.consolidated_docx, doc, _name="docx")
        figures["docx"].append(seconds)
        details["docx_bytes"] = len(docx)
        if not args.no_worker:
            seconds, job = worker_run(period, "coordinator")
            figures["worker-pdf"].append(seconds)
            details["worker_job"] = job
        print("run:", {k: round(v[-1], 2) for k, v in figures.items() if v}, details, flush=True)
    print(f"\nfigures (seconds; median and min of {args.repeat} runs; CPU: this process's):")
    for name, values in figures.items():
        if values:
            cpu = CPU.get(name)
            print(
                f"  {name:11} wall median {statistics.median(values):6.2f}  min {min(values):6.2f}"
                + (
                    f"   CPU median {statistics.median(cpu):6.2f}  min {min(cpu):6.2f}"
                    if cpu
                    else ""
                )
            )
    print("details:", details)


if __name__ == "__main__":
    main()
