"""Twenty users working at once for two minutes, on SQLite and on PostgreSQL (issue 10).

Prepares a demonstration database from nothing (``ctis migrate``, ``ctis setup --demo``,
``ctis demo --persons N``), adds ``--clients`` users of its own (police investigators, and
reporters of the migration service for the plan), serves ``ctis.wsgi:application`` with
gunicorn and has each user log in once through the real form and then work for
``--seconds`` with an exponential pause between pages (``--think-ms``). The mix:

- investigators: the home page, the person and case lists, a person's page opened with a
  purpose (the page, the identity opened, the page again), a name search (the form
  posted, then its result by the ``?s=`` token), a new person and a trafficking event
  through their forms with their one-time tokens;
- reporters: the plan home page, the report list, their own draft report created through
  its form (with its token) and then edited again and again at its current version.

It counts every answer by status, and as errors the server errors, the refused
connections and every answer a page of the mix should not give (a 403 or a form shown
again where a save was expected), and prints p50/p95 per page kind and the machine::

    .venv/bin/python bench/load.py                    # SQLite: bench/data/load.sqlite3
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/ctis_load

The SQLite file and the PostgreSQL database are made anew each run (the database is
dropped first). Helpers (the browser, the server, the machine) come from
``bench/cases_list.py``.
"""

from __future__ import annotations

import argparse
import collections
import html
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cases_list  # noqa: E402  (the bench's own helpers)
from cases_list import BIN, DATA, ROOT, Browser  # noqa: E402

PASSWORD = "Qaranquş-uçur-2024-load"
SYLLABLES = ["ka", "ra", "mi", "zo", "lu", "te", "na", "vi", "so", "de", "ga", "ru"]


# Forms as a browser sees them ----------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of each form of a page, with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.forms[-1]["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1]["fields"].append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1]["fields"].append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_on(page: bytes, action: str | None = None) -> list[tuple[str, str]]:
    """The fields of the form posting to ``action`` (None: to its own page)."""
    parser = FormFields()
    parser.feed(page.decode())
    for form in parser.forms:
        target = form["action"]
        if (action is None and not target) or (
            target is not None and html.unescape(target) == action
        ):
            return form["fields"]
    raise LookupError(f"no form posting to {action}")


def csrf(page: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise LookupError("no CSRF token")
    return match[1].decode()


# The users and what they work on ---------------------------------------------------------


def prepare(args, env: dict[str, str]) -> None:
    """A new database with the demonstration data and the bench's users."""
    url = args.database_url
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        args.fresh = True
        cases_list.ensure_database(args)
    if not args.key_file.exists():
        from ctis.core.crypto import generate_key_file

        generate_key_file(args.key_file)
    started = time.perf_counter()
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["setup", "--demo"],
        ["demo", "--persons", str(args.persons)],
    ):
        cases_list.run([str(BIN / "ctis"), *command], env)
    print(f"Prepared in {time.perf_counter() - started:.0f} s.", flush=True)


def bench_users(args) -> list[dict]:
    """``--clients`` users (``--reporters`` of them reporters of the migration service,
    the others police investigators), each with what it will work on."""
    from ctis.accounts.models import Agency, User
    from ctis.accounts.roles import Role
    from ctis.accounts.services import user_create
    from ctis.cases.access import decide
    from ctis.cases.models import Person, VictimProfile
    from ctis.plan.models import Measure, MeasureReport, ReportingPeriod

    rng = random.Random(args.seed)
    police = Agency.objects.get(code="mia-ctd")
    sms = Agency.objects.get(code="sms")
    period = (
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by("-year").first()
    )
    taken = set(
        MeasureReport.objects.filter(period=period, agency=sms).values_list("measure", flat=True)
    )
    free = list(
        Measure.objects.filter(plan=period.plan, bodies__agency=sms)
        .exclude(pk__in=taken)
        .distinct()
        .order_by("position")
        .values_list("pk", flat=True)
    )
    users = []
    persons = list(Person.objects.order_by("?").only("pk", "family_name")[:400])
    for n in range(args.clients):
        reporter = n < args.reporters
        username = f"load-{'reporter' if reporter else 'police'}-{n:02d}"
        user = User.objects.filter(username=username).first() or user_create(
            actor=None,
            username=username,
            password=PASSWORD,
            roles=[Role.AGENCY_REPORTER if reporter else Role.POLICE_INVESTIGATOR],
            first_name="Yük",
            last_name=f"Sınağı {n}",
            agency=sms if reporter else police,
        )
        work: dict = {"username": username, "kind": "reporter" if reporter else "police"}
        if reporter:
            work["report"] = f"/plan/periods/{period.pk}/measures/{free[n]}/report/"
        else:
            mine = [p for p in persons if decide(user, p).identity]
            rng.shuffle(mine)
            work["persons"] = [str(p.pk) for p in mine[:40]]
            work["names"] = [p.family_name for p in mine[:40] if p.family_name]
            victims = set(
                VictimProfile.objects.filter(person__in=mine).values_list("person_id", flat=True)
            )
            work["victims"] = [str(p.pk) for p in mine if p.pk in victims][:40]
        users.append(work)
    if not all(u.get("victims", [1]) for u in users):
        sys.exit("The investigators may open none of the sampled persons.")
    return users


# One user working -----------------------------------------------------------------------


class Worker:
    def __init__(self, args, work: dict, stats: Stats, stop: float) -> None:
        self.work = work
        self.stats = stats
        self.stop = stop
        self.rng = random.Random(hash(work["username"]) ^ args.seed)
        self.think = args.think_ms / 1000
        self.browser = Browser("127.0.0.1", args.port)
        self.report_url: str | None = None

    # one request, counted under its page kind
    def call(self, kind: str, method: str, path: str, data=None, expect=(200,)):
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
        began = time.perf_counter()
        try:
            status, content, headers = self.browser.request(method, path, body)
        except OSError as error:
            self.stats.add(kind, time.perf_counter() - began, 0, f"{type(error).__name__}")
            return 0, b"", {}
        problem = None if status in expect else f"{status} on {method} {kind}"
        self.stats.add(kind, time.perf_counter() - began, status, problem)
        return status, content, headers

    def login(self) -> None:
        _, page, _ = self.call("login", "GET", "/accounts/login/")
        data = {"csrfmiddlewaretoken": csrf(page), "username": self.work["username"]}
        data["password"] = PASSWORD
        self.call("login", "POST", "/accounts/login/", data, expect=(302,))

    def post_form(self, kind: str, page_path: str, action: str | None, changes: dict, expect):
        """Open the page, fill the form found there (with its CSRF and one-time token),
        post it; the answer's status, body and headers."""
        status, page, _ = self.call(kind + "-form", "GET", page_path)
        if status != 200:
            return status, b"", {}
        fields = [(k, v) for k, v in form_on(page, action) if k not in changes]
        data = fields + [
            (k, v) for k, vs in changes.items() for v in (vs if isinstance(vs, list) else [vs])
        ]
        data.append(("csrfmiddlewaretoken", csrf(page)))
        return self.call(kind, "POST", action or page_path, data, expect=expect)

    def run(self) -> None:
        self.login()
        steps = self.police_steps() if self.work["kind"] == "police" else self.reporter_steps()
        names, weights = zip(*steps, strict=True)
        while time.time() < self.stop:
            self.rng.choices(names, weights)[0]()
            time.sleep(self.rng.expovariate(1 / self.think) if self.think else 0)

    # investigators
    def police_steps(self):
        return [
            (lambda: self.call("home", "GET", "/"), 10),
            (lambda: self.call("person-list", "GET", "/cases/persons/"), 20),
            (lambda: self.call("case-list", "GET", "/cases/criminal-cases/"), 10),
            (self.person, 25),
            (self.search, 15),
            (self.new_person, 6),
            (self.new_event, 6),
        ]

    def person(self) -> None:
        pk = self.rng.choice(self.work["persons"])
        url = f"/cases/persons/{pk}/"
        self.call("person", "GET", url)
        status, page, _ = self.call("person", "GET", url)
        self.call(
            "identity-open",
            "POST",
            f"/cases/persons/{pk}/identity/",
            {"csrfmiddlewaretoken": csrf(page), "purpose": "investigation"},
            expect=(302,),
        )
        self.call("person-open", "GET", url)

    def search(self) -> None:
        _, page, _ = self.call("person-list", "GET", "/cases/persons/")
        name = self.rng.choice(self.work["names"])
        data = {"csrfmiddlewaretoken": csrf(page), "q": name}
        status, _, headers = self.call("search-post", "POST", "/cases/persons/", data, (302,))
        if status == 302:
            self.call("search", "GET", headers["Location"])

    def new_person(self) -> None:
        given = "".join(self.rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        family = "".join(self.rng.choice(SYLLABLES) for _ in range(4)).capitalize() + "ova"
        changes = {
            "role": "victim",
            "given_name": given,
            "family_name": family,
            "sex": "Feminine",
            "birth_year": str(self.rng.randint(1970, 2004)),
            "citizenships": ["AZ"],
        }
        status, page, headers = self.post_form(
            "person-new", "/cases/persons/new/", None, changes, expect=(200, 302)
        )
        if status == 200:  # possible duplicates shown: continue with them
            data = [(k, v) for k, v in form_on(page) if k != "duplicates"]
            data += [("duplicates", "continue"), ("csrfmiddlewaretoken", csrf(page))]
            status, _, headers = self.call(
                "person-new", "POST", "/cases/persons/new/", data, expect=(302,)
            )
        if status == 302:
            self.work["persons"].append(headers["Location"].rstrip("/").rsplit("/", 1)[-1])

    def new_event(self) -> None:
        pk = self.rng.choice(self.work["victims"])
        status, page, _ = self.call("person", "GET", f"/cases/persons/{pk}/")
        self.call(
            "identity-open",
            "POST",
            f"/cases/persons/{pk}/identity/",
            {"csrfmiddlewaretoken": csrf(page), "purpose": "investigation"},
            expect=(302,),
        )
        url = f"/cases/persons/{pk}/events/new/"
        year = self.rng.randint(2022, 2024)
        changes = {
            "kind": "Exploitation",
            "country": "TR",
            "place": "Antalya",
            "started_on": f"{year}-05-01",
        }
        self.post_form("event-new", url, None, changes, expect=(302,))

    # reporters
    def reporter_steps(self):
        return [
            (lambda: self.call("plan-home", "GET", "/plan/"), 20),
            (lambda: self.call("report-list", "GET", "/plan/reports/"), 20),
            (self.report_edit, 30),
        ]

    def report_edit(self) -> None:
        if self.report_url is None:
            status, _, headers = self.call(
                "report-new-form", "GET", self.work["report"], None, expect=(200, 302)
            )
            if status == 302:
                self.report_url = headers["Location"]
            else:
                changes = {"status": "in_progress", "narrative": "Yük sınağı: ilk qaralama."}
                status, _, headers = self.post_form(
                    "report-new", self.work["report"], None, changes, expect=(302,)
                )
                if status != 302:
                    return
                self.report_url = headers["Location"]
        self.call("report", "GET", self.report_url)
        line = f"Yük sınağı: dəyişiklik {self.rng.randint(1, 10**6)}."
        self.post_form(
            "report-edit", self.report_url + "edit/", None, {"narrative": line}, expect=(302,)
        )


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.statuses: collections.Counter = collections.Counter()
        self.problems: collections.Counter = collections.Counter()

    def add(self, kind: str, seconds: float, status: int, problem: str | None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[status] += 1
            if problem:
                self.problems[problem] += 1


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank] * 1000


# Main -------------------------------------------------------------------------------------


def machine(args) -> dict:
    import platform

    import django
    import gunicorn

    info = {"cores": os.cpu_count(), "os": platform.platform()}
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            info["cpu"] = line.split(":", 1)[1].strip()
            break
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            info["ram"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    if args.database_url.startswith("sqlite"):
        import sqlite3

        info["database"] = f"SQLite {sqlite3.sqlite_version}"
    else:
        with cases_list.connect(args.database_url) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        info["database"] = f"PostgreSQL {version}"
    info["python"] = platform.python_version()
    info["django"] = django.get_version()
    info["gunicorn"] = gunicorn.__version__
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{DATA / 'load.sqlite3'}")
    parser.add_argument("--persons", type=int, default=2000, help="demo persons loaded")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--reporters", type=int, default=4, help="clients that are reporters")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think-ms", type=float, default=1000, help="mean pause between pages")
    parser.add_argument("--server-workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--server-threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8006)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--key-file", type=Path, default=DATA / "load-keys")
    parser.add_argument("--access-log", action="store_true")
    args = parser.parse_args()
    args.fresh = True
    DATA.mkdir(parents=True, exist_ok=True)
    env = cases_list.environment(args)
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
    print("Command: " + " ".join([sys.executable, *sys.argv]), flush=True)
    prepare(args, env)

    import django

    django.setup()
    info = machine(args)
    users = bench_users(args)
    from django.db import connections

    connections.close_all()
    server = cases_list.start_server(args, env)
    stats = Stats()
    try:
        stop = time.time() + args.seconds
        workers = [Worker(args, work, stats, stop) for work in users]
        threads = [threading.Thread(target=w.run, daemon=True) for w in workers]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, info, stats, wall)


def report(args, info: dict, stats: Stats, wall: float) -> None:
    print(
        f"\nMachine: {info.get('cpu', '?')}, {info['cores']} cores, {info.get('ram', '?')} RAM; "
        f"{info['os']}\n{info['database']}; Python {info['python']}; Django {info['django']}; "
        f"gunicorn {info['gunicorn']} ({args.server_workers} {args.worker_class} workers)"
    )
    total = sum(len(v) for v in stats.latency.values())
    print(
        f"\n{args.clients} clients ({args.reporters} reporters), {wall:.0f} s, think "
        f"{args.think_ms:.0f} ms: {total} requests, {total / wall:.1f}/s"
    )
    print(f"  {'page kind':<16} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        print(
            f"  {kind:<16} {len(values):>8} {pct(values, 50):>8.0f} {pct(values, 95):>8.0f} "
            f"{max(values) * 1000:>8.0f}"
        )
    print("Statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(stats.statuses.items())))
    errors = sum(stats.problems.values())
    print(f"Errors: {errors}" + "".join(f"\n  {n} × {p}" for p, n in stats.problems.items()))
    log = DATA / "gunicorn.log"
    if log.exists():
        tail = log.read_text(errors="replace").splitlines()[-5:]
        if any("Error" in line or "Traceback" in line for line in tail):
            print("Server log (last lines):\n  " + "\n  ".join(tail))
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
