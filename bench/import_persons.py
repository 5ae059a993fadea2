"""Bulk import of persons on PostgreSQL (issue 14: 100,000 rows validated and committed in
under 60 s on 2 cores): writes a CSV of ``--rows`` synthetic persons (names in Azerbaijani
spelling, dates of birth, citizenship, a passport, a phone; a third of them victims), then
times ``ctis import persons FILE --by investigator --keep-valid`` on a database made by ``ctis setup
--demo``: every row read, checked for likely duplicates and saved through
``person_create``, in one transaction. Prints rows per second, the time and peak memory of
the import process, and the machine.

    .venv/bin/python bench/import_persons.py --rows 2000          # a first figure
    .venv/bin/python bench/import_persons.py --rows 100000        # the issue's size
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_list  # noqa: E402  (the database set-up and the machine's description)

SYLLABLES = ["ba", "çə", "di", "fo", "gü", "ha", "xe", "jı", "ko", "lə", "mu", "nö", "pa", "qi",
             "ru", "sə", "şo", "tü", "vi", "ya", "zə", "ğu"]  # fmt: skip
FAMILY = ["Məmmədova", "Quliyeva", "Həsənova", "Əliyeva", "İsmayılova", "Hüseynova"]


def name(n: int) -> str:
    """A distinct made-up given name for each n (four syllables: 234,256 of them)."""
    parts = []
    for _ in range(4):
        n, k = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[k])
    return "".join(parts).capitalize()


HEADER = [
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "citizenships",
    "document_kind",
    "document_number",
    "phone",
    "victim_status",
    "identified_on",
    "forms",
]


def write_file(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(rows):
            victim = n % 3 == 0
            writer.writerow(
                [
                    name(n * 7919 % 234_256),  # spread, so that neighbours differ
                    rng.choice(FAMILY),
                    f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1960, 2006)}",
                    "Qadın" if rng.random() < 0.8 else "Kişi",
                    "AZ",
                    "Passport",
                    f"C{n:08d}",
                    f"+99450{n:07d}",
                    "PossibleVictimOfTrafficking" if victim else "",
                    "02.11.2026" if victim else "",
                    "SexualExploitation" if victim else "",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/ctis_bench_import"
    )
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--key-file", type=Path, default=cases_list.DATA / "import-keys")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.fresh, args.reuse, args.persons, args.vacuum = True, False, 0, False
    env = cases_list.environment(args)
    cases_list.ensure_database(args)
    if not args.key_file.exists():
        from ctis.core.crypto import generate_key_file

        generate_key_file(args.key_file)
    cases_list.run([str(cases_list.BIN / "ctis"), "setup", "--demo"], env)
    before = cases_list.person_count(args)
    path = cases_list.DATA / f"import-{args.rows}.csv"
    write_file(path, args.rows)
    command = [
        str(cases_list.BIN / "ctis"),
        "import",
        "persons",
        str(path),
        "--by",
        "investigator",
        "--language",
        "en",
        "--keep-valid",  # a made-up name may still come close to another: held, not saved
    ]
    print("$ " + " ".join(command), flush=True)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        # The import's own peak memory (not the set-up's, run before it in another child).
        _pid, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - started
        returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    peak_mb = usage.ru_maxrss / 1024
    print(stdout[-2000:], flush=True)
    if returncode != 0:
        print(stderr[-4000:], file=sys.stderr)
        sys.exit(f"the import failed (exit status {returncode})")
    saved = cases_list.person_count(args) - before
    result = {
        "rows": args.rows,
        "saved": saved,
        "held_or_refused": args.rows - saved,
        "seconds": round(took, 1),
        "rows_per_second": round(args.rows / took, 1),
        "peak_memory_mb": round(peak_mb),  # of the import process alone
        "projected_100k_seconds": round(took * 100_000 / args.rows),
        "machine": cases_list.machine(args),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    budget = "met" if args.rows >= 100_000 and took < 60 else "NOT met"
    print(f"Budget (100,000 rows in under 60 s): {budget}.")


if __name__ == "__main__":
    main()
