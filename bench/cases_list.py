"""Latency of the unified database's busiest pages at a million persons, on PostgreSQL.

Loads ``--persons`` synthetic persons (``ctis setup --demo`` then ``ctis demo``: victims
with their profiles, perpetrators, children, criminal cases and prosecutions) into
PostgreSQL, serves ``ctis.wsgi:application`` with gunicorn, logs the demonstration user
``investigator`` in ``--clients`` times (one session each, the real log-in form with its
CSRF token), and has that many clients request each kind of page in a closed loop:

- ``list``: the person list, first page (``/cases/persons/``);
- ``filtered``: the list filtered by status, year, form of exploitation and sex;
- ``filtered-p3``: the same filter, page 3;
- ``case``: a criminal case's page, for random cases;
- ``search``: a name search for real family names, spelled differently from how they were
  entered (Cyrillic for Latin, passport ASCII for Cyrillic).

It prints p50/p95/p99/mean latency and throughput per kind (first with one client: the
service time; then with ``--clients``), the SQL queries each page runs (counted in
process with Django's test client against the same database), the data sizes and the
machine. Run with the project's interpreter::

    .venv/bin/python bench/cases_list.py                # load 1,000,000 persons (~20 min)
    .venv/bin/python bench/cases_list.py --reuse        # benchmark what is loaded

Nothing is mocked: the server, the database, the sessions, the encryption and the audit
log are the real ones. The bench and the server read the same data key file (``--key-file``,
default ``bench/data/keys``, made on the first load; git-ignored).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "bench" / "data"
USERNAME = "investigator"
PASSWORD = "ctis-demo-2021"
FILTER = "status=ActualVictimOfTrafficking&year=2021&form=ForcedLabour&sex=Masculine"
KINDS = ["list", "filtered", "filtered-p3", "case", "search"]
BUDGET_MS = 150.0


# Set-up -------------------------------------------------------------------------------


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "CTIS_DEMO": "1",
            "CTIS_DATA_DIR": str(DATA),
            "CTIS_DATA_KEY_FILE": str(args.key_file),
            "DJANGO_SETTINGS_MODULE": "ctis.settings",
        }
    )
    env.pop("CTIS_DATA_KEYS", None)
    env.pop("CTIS_PRODUCTION", None)
    return env


def connect(url: str, *, database: str | None = None):
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    return psycopg.connect(
        dbname=database or cfg["NAME"],
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        autocommit=True,
    )


def database_name(url: str) -> str:
    import dj_database_url

    return dj_database_url.parse(url)["NAME"]


def ensure_database(args) -> bool:
    """Create the database if it is missing (dropping it first with --fresh); True if new."""
    name = database_name(args.database_url)
    with connect(args.database_url, database="postgres") as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.fresh:
            print(f"Dropping database {name} (--fresh).", flush=True)
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            print(f"Creating database {name}.", flush=True)
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


def person_count(args) -> int:
    with connect(args.database_url) as conn:
        present = conn.execute("SELECT to_regclass('cases_person')").fetchone()[0]
        if present is None:
            return 0
        return conn.execute("SELECT count(*) FROM cases_person").fetchone()[0]


def run(command: list[str], env: dict[str, str]) -> None:
    print("$ " + " ".join(command), flush=True)
    subprocess.run(command, env=env, check=True, cwd=ROOT)


def load(args, env: dict[str, str]) -> None:
    created = ensure_database(args)
    have = person_count(args)
    if not args.key_file.exists():
        if have:
            sys.exit(
                f"{args.key_file} is missing, but the database holds {have} persons sealed "
                f"under some key: pass the key file that loaded them, or --fresh."
            )
        from ctis.core.crypto import generate_key_file

        generate_key_file(args.key_file)
        print(f"New data key file {args.key_file}.", flush=True)
    if have and not (args.reuse or created):
        sys.exit(
            f"The database already holds {have:,} persons: pass --reuse to benchmark them "
            f"(adding persons up to --persons), or --fresh to reload from nothing."
        )
    if have >= args.persons:
        print(f"Reusing {have:,} persons (--reuse).", flush=True)
        run([str(BIN / "ctis"), "migrate", "--noinput"], env)
        vacuum(args, full=args.vacuum)
        return
    started = time.perf_counter()
    run([str(BIN / "ctis"), "setup", "--demo"], env)
    missing = args.persons - person_count(args)
    if missing > 0:
        run([str(BIN / "ctis"), "demo", "--persons", str(missing), "--verbosity", "1"], env)
    print(f"Loaded in {time.perf_counter() - started:.0f} s.", flush=True)
    vacuum(args)


def vacuum(args, *, full: bool = True) -> None:
    """VACUUM ANALYZE after a load (index-only scans need the visibility map); ANALYZE
    alone when reusing, so that the planner's statistics are current."""
    statement = "VACUUM ANALYZE" if full else "ANALYZE"
    started = time.perf_counter()
    with connect(args.database_url) as conn:
        conn.execute(statement)
    print(f"{statement}: {time.perf_counter() - started:.0f} s.", flush=True)


# What the machine and the data are ----------------------------------------------------


def machine(args) -> dict:
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
    import gunicorn

    with connect(args.database_url) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
        pg_settings = dict(
            conn.execute(
                "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', "
                "'max_parallel_workers_per_gather', 'jit') ORDER BY name"
            ).fetchall()
        )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "os": platform.platform(),
        "postgresql": pg_version,
        "postgresql_settings": pg_settings,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
    }


TABLES = {
    "persons": "cases_person",
    "victims": "cases_victimprofile",
    "trafficking events": "cases_traffickingevent",
    "criminal cases": "cases_criminalcase",
    "case participants": "cases_caseparticipant",
    "prosecutions": "cases_prosecution",
    "name index rows": "cases_personnameindex",
    "audit entries": "audit_auditentry",
    "sessions": "django_session",
}


def data_sizes(args) -> dict:
    sizes: dict = {"rows": {}, "bytes": {}}
    with connect(args.database_url) as conn:
        for label, table in TABLES.items():
            sizes["rows"][label] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            sizes["bytes"][table] = conn.execute(
                "SELECT pg_total_relation_size(%s)", [table]
            ).fetchone()[0]
        sizes["database_bytes"] = conn.execute(
            "SELECT pg_database_size(current_database())"
        ).fetchone()[0]
    return sizes


# Samples of real records --------------------------------------------------------------


def spellings() -> dict[str, tuple[str, str]]:
    """Every spelling the generator uses for a family name -> (Latin, Cyrillic) pair."""
    from ctis.bootstrap.demo.names import AZ_FAMILY, FOREIGN
    from ctis.bootstrap.demo.spelling import feminine, passport_ascii, russian_latin

    known: dict[str, tuple[str, str]] = {}
    pairs = list(AZ_FAMILY) + [pair for n in FOREIGN for pair in n.family]
    for latin, cyrillic in pairs:
        for form in (lambda s: s, feminine):
            for spelled in (latin, cyrillic, passport_ascii(latin), russian_latin(cyrillic)):
                known.setdefault(form(spelled), (form(latin), form(cyrillic)))
    return known


def other_spelling(family: str, known: dict[str, tuple[str, str]]) -> str | None:
    """The family name as another agency would have written it."""
    from ctis.bootstrap.demo.spelling import passport_ascii

    pair = known.get(family)
    if pair is None:
        return None
    latin, cyrillic = pair
    if re.search("[А-Яа-яЁёІіЇїЄє]", family):
        return passport_ascii(latin)
    return cyrillic


def samples(args) -> tuple[list[str], list[str], dict]:
    """Random case ids, and family names re-spelled, from the loaded data."""
    from ctis.cases.keys import name_index_values
    from ctis.cases.models import CriminalCase, Person

    rng = random.Random(args.seed)
    case_ids = [
        str(pk)
        for pk in CriminalCase.objects.order_by("?").values_list("pk", flat=True)[: args.sample]
    ]
    known = spellings()
    names: list[str] = []
    skipped = 0
    ids = list(
        Person.objects.filter(family_name__isnull=False)
        .order_by("?")
        .values_list("pk", flat=True)[: args.sample * 2]
    )
    for person in Person.objects.filter(pk__in=ids).only("family_name"):
        other = other_spelling(person.family_name, known)
        # Only spellings that the name index equates with the stored one: a search that
        # cannot find its person would measure nothing.
        if (
            other
            and other != person.family_name
            and (name_index_values(other) & name_index_values(person.family_name))
        ):
            names.append(other)
        else:
            skipped += 1
        if len(names) >= args.sample:
            break
    rng.shuffle(names)
    info = {
        "cases": len(case_ids),
        "names": len(names),
        "names_skipped": skipped,
        "name_examples": names[:8],
    }
    return case_ids, names, info


def paths_for(kind: str, case_ids: list[str], names: list[str]):
    if kind == "list":
        return lambda rng: "/cases/persons/"
    if kind == "filtered":
        return lambda rng: f"/cases/persons/?{FILTER}"
    if kind == "filtered-p3":
        return lambda rng: f"/cases/persons/?{FILTER}&page=3"
    if kind == "case":
        return lambda rng: f"/cases/criminal-cases/{rng.choice(case_ids)}/"
    if kind == "search":
        return lambda rng: "/cases/persons/?" + urllib.parse.urlencode({"q": rng.choice(names)})
    raise ValueError(kind)


# Queries per page, in process ---------------------------------------------------------


def count_queries(case_ids: list[str], names: list[str], *, samples: int, explain: bool) -> dict:
    """Each page ``samples`` times (different cases and names), after a warm-up request:
    Django's count of its queries (as the tests' ``django_assert_max_num_queries`` counts
    them), the time of the page and of its SQL (medians), and the slowest statement seen."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    timed: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - began
            try:
                text = connection.ops.last_executed_query(context["cursor"], sql, params)
            except Exception:  # the statement failed: keep its template
                text = sql
            timed.append((elapsed, text))

    client = Client()
    response = client.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed in process"
    rng = random.Random(1)
    counted = {}
    for kind in KINDS:
        make = paths_for(kind, case_ids, names)
        client.get(make(rng))  # warm: caches, prepared plans
        counts, page_ms, sql_ms = [], [], []
        slowest = (0.0, "")
        for _ in range(samples):
            path = make(rng)
            timed.clear()
            with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
            counts.append(len(ctx.captured_queries))
            page_ms.append(elapsed * 1000)
            sql_ms.append(sum(t for t, _ in timed) * 1000)
            slowest = max([slowest, *timed])
        counted[kind] = {
            "path": path,
            "queries": max(counts),
            "queries_min": min(counts),
            "page_ms": round(statistics.median(page_ms), 1),
            "page_ms_max": round(max(page_ms), 1),
            "sql_ms": round(statistics.median(sql_ms), 1),
            "slowest_ms": round(slowest[0] * 1000, 1),
            "slowest_sql": slowest[1],
        }
        if explain and slowest[1].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1])
                counted[kind]["slowest_plan"] = "\n".join(r[0] for r in cursor.fetchall())
    return counted


# HTTP clients --------------------------------------------------------------------------


class Browser:
    """One user's browser: its own cookies (session, CSRF) and a kept-alive connection
    where the server keeps it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, dict]:
        headers = {"Accept-Language": "az"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, content, dict(response.headers)

    def login(self) -> None:
        status, page, _ = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"no log-in form ({status})")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match[1].decode(), "username": USERNAME, "password": PASSWORD}
        )
        status, _, headers = self.request("POST", "/accounts/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in refused ({status})")


@dataclass
class Result:
    kind: str
    clients: int
    think_ms: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0

    def summary(self) -> dict:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            if not ordered:
                return float("nan")
            rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
            return ordered[rank] * 1000

        return {
            "kind": self.kind,
            "clients": self.clients,
            "think_ms": self.think_ms,
            "requests": len(ordered),
            "errors": self.errors,
            "p50_ms": round(pct(50), 1),
            "p95_ms": round(pct(95), 1),
            "p99_ms": round(pct(99), 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None,
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
            "throughput_rps": round(len(ordered) / self.wall, 1) if self.wall else None,
        }


def drive(
    browsers: list[Browser],
    kind: str,
    make_path,
    *,
    requests: int,
    think_ms: float,
    seed: int,
    warmup: int = 2,
) -> Result:
    """Each browser requests ``requests / len(browsers)`` pages in a closed loop; all start
    together after a warm-up that is not counted."""
    clients = len(browsers)
    per_client = max(1, requests // clients)
    result = Result(kind, clients, think_ms)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    done: list[float] = []

    def client(index: int, browser: Browser) -> None:
        rng = random.Random(seed * 1000 + index)
        for _ in range(warmup):
            browser.request("GET", make_path(rng))
        start.wait()
        mine: list[float] = []
        errors = 0
        for _ in range(per_client):
            path = make_path(rng)
            began = time.perf_counter()
            status, _body, _headers = browser.request("GET", path)
            mine.append(time.perf_counter() - began)
            if status != 200:
                errors += 1
            if think_ms:
                time.sleep(rng.expovariate(1000.0 / think_ms))
        with lock:
            result.latencies.extend(mine)
            result.errors += errors
            done.append(time.perf_counter())

    threads = [
        threading.Thread(target=client, args=(i, b), daemon=True) for i, b in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result.wall = max(done) - began
    return result


# The server ----------------------------------------------------------------------------


def start_server(args, env: dict[str, str]) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "ctis.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.server_workers),
        "--worker-class",
        args.worker_class,
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--access-logfile",
        "-" if args.access_log else "/dev/null",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.server_threads)]
    print("$ " + " ".join(command), flush=True)
    log = open(DATA / "gunicorn.log", "ab")  # stays open while the server runs
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}); see {DATA / 'gunicorn.log'}")
        try:
            status, _, _ = Browser("127.0.0.1", args.port).request("GET", "/accounts/login/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


# Main ----------------------------------------------------------------------------------


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ctis_bench")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--requests",
        type=int,
        default=2000,
        help="requests per page kind with --clients clients (default 2000)",
    )
    parser.add_argument(
        "--single-requests",
        type=int,
        default=100,
        help="requests per page kind with one client, the service time (default 100; 0 skips)",
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        nargs="+",
        default=[0.0],
        help="mean think time between a client's requests (exponential); one "
        "run with --clients per value (default 0: a closed loop at full "
        "speed)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="benchmark the persons already loaded if there are --persons",
    )
    parser.add_argument("--fresh", action="store_true", help="drop the database and reload")
    parser.add_argument("--vacuum", action="store_true", help="VACUUM ANALYZE even with --reuse")
    parser.add_argument("--server-workers", type=int, default=2 * cores + 1)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--server-threads", type=int, default=4, help="threads a gthread worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=KINDS)
    parser.add_argument("--sample", type=int, default=200, help="cases and names sampled")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--key-file", type=Path, default=DATA / "keys")
    parser.add_argument(
        "--query-samples",
        type=int,
        default=10,
        help="in-process requests per page kind for the SQL figures",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of each page's slowest query"
    )
    parser.add_argument("--access-log", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    args.key_file = args.key_file.resolve()
    DATA.mkdir(parents=True, exist_ok=True)

    env = environment(args)
    os.environ.update(
        {
            k: env[k]
            for k in (
                "DATABASE_URL",
                "CTIS_DEMO",
                "CTIS_DATA_DIR",
                "CTIS_DATA_KEY_FILE",
                "DJANGO_SETTINGS_MODULE",
            )
        }
    )
    os.environ.pop("CTIS_DATA_KEYS", None)
    sys.path.insert(0, str(ROOT))
    try:
        python = str(Path(sys.executable).relative_to(ROOT))
    except ValueError:
        python = sys.executable
    print("Command: " + " ".join([python, *sys.argv]), flush=True)
    load(args, env)

    import django

    django.setup()
    report: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "argv": sys.argv[1:],
        "machine": machine(args),
        "data": data_sizes(args),
    }
    print_header(report)
    case_ids, names, info = samples(args)
    report["samples"] = info
    print(
        f"\nSamples: {info['cases']} cases, {info['names']} family names in another "
        f"spelling (e.g. {', '.join(info['name_examples'])})"
    )

    report["queries"] = count_queries(
        case_ids, names, samples=args.query_samples, explain=args.explain
    )
    print_queries(report["queries"], explain=args.explain)

    from django.db import connections

    connections.close_all()
    server = start_server(args, env)
    try:
        runs = []
        browsers = [Browser("127.0.0.1", args.port) for _ in range(args.clients)]
        for browser in browsers:
            browser.login()
        # Warm every server worker on every page (imports, templates, connections), uncounted.
        for kind in args.kinds:
            drive(
                browsers,
                kind,
                paths_for(kind, case_ids, names),
                requests=args.clients * 3,
                think_ms=0,
                seed=args.seed + 1,
                warmup=0,
            )
        if args.single_requests:
            for kind in args.kinds:
                result = drive(
                    browsers[:1],
                    kind,
                    paths_for(kind, case_ids, names),
                    requests=args.single_requests,
                    think_ms=0,
                    seed=args.seed,
                )
                runs.append(result.summary())
            print("  one client: done", flush=True)
        for think_ms in args.think_ms:
            for kind in args.kinds:
                result = drive(
                    browsers,
                    kind,
                    paths_for(kind, case_ids, names),
                    requests=args.requests,
                    think_ms=think_ms,
                    seed=args.seed,
                )
                runs.append(result.summary())
                print(
                    f"  {args.clients} clients, think {think_ms:.0f} ms, {kind}: done", flush=True
                )
        report["runs"] = runs
        report["server"] = {
            "workers": args.server_workers,
            "worker_class": args.worker_class,
            "threads": args.server_threads if args.worker_class == "gthread" else 1,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_runs(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"\nFigures written to {args.json}")


def print_header(report: dict) -> None:
    m = report["machine"]
    print(f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}")
    print(
        f"PostgreSQL {m['postgresql']} ("
        + ", ".join(f"{k}={v}" for k, v in m["postgresql_settings"].items())
        + f"); Python {m['python']}; Django {m['django']}; gunicorn {m['gunicorn']}"
    )
    d = report["data"]
    print("Data: " + ", ".join(f"{n:,} {label}" for label, n in d["rows"].items()))
    print(
        "Sizes (with indexes): "
        + ", ".join(f"{table} {size / 2**20:,.0f} MiB" for table, size in d["bytes"].items())
        + f"; database {d['database_bytes'] / 2**30:.2f} GiB"
    )


def print_queries(queries: dict, *, explain: bool) -> None:
    print("\nSQL per page (in process, django.test.Client, same database; medians):")
    print(
        f"  {'page':<12} {'queries':>7} {'SQL ms':>8} {'page ms':>8} {'max ms':>8} "
        f"{'slowest statement ms':>20}"
    )
    for kind, q in queries.items():
        count = (
            f"{q['queries']}"
            if q["queries"] == q["queries_min"]
            else f"{q['queries_min']}-{q['queries']}"
        )
        print(
            f"  {kind:<12} {count:>7} {q['sql_ms']:>8} {q['page_ms']:>8} "
            f"{q['page_ms_max']:>8} {q['slowest_ms']:>20}"
        )
    for kind, q in queries.items():
        sql = " ".join(q["slowest_sql"].split())
        shown = sql if len(sql) <= 400 else sql[:400] + "…"
        print(f"  slowest in {kind} ({q['slowest_ms']} ms): {shown}")
        if explain and q.get("slowest_plan"):
            print("    " + q["slowest_plan"].replace("\n", "\n    "))


def print_runs(report: dict) -> None:
    s = report["server"]
    print(
        f"\nLatency over HTTP (gunicorn, {s['workers']} {s['worker_class']} workers"
        f"{', %d threads' % s['threads'] if s['worker_class'] == 'gthread' else ''}); "
        f"budget p95 < {BUDGET_MS:.0f} ms"
    )
    print(
        f"  {'page':<12} {'clients':>7} {'think':>6} {'requests':>8} {'p50':>7} {'p95':>7} "
        f"{'p99':>7} {'mean':>7} {'max':>7} {'req/s':>7} {'errors':>6}  budget"
    )
    for r in report["runs"]:
        ok = "met" if r["p95_ms"] < BUDGET_MS and not r["errors"] else "NOT met"
        print(
            f"  {r['kind']:<12} {r['clients']:>7} {r['think_ms']:>6.0f} {r['requests']:>8} "
            f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r['p99_ms']:>7} {r['mean_ms']:>7} "
            f"{r['max_ms']:>7} {r['throughput_rps']:>7} {r['errors']:>6}  {ok}"
        )


if __name__ == "__main__":
    main()
