#!/usr/bin/env python3
"""woonplaatsen.py makes data/woonplaatsen_2024.csv, the woonplaatsen the search finds.

Usage (from the repository root, standard library only):

    python3 scripts/woonplaatsen.py SOURCE_CSV ../shared/data/gemeenten_2025.csv \\
        > data/woonplaatsen_2024.csv

SOURCE_CSV is the CBS extract "Woonplaatsen in Nederland" (CBS open data table
85877NED) joined with "Gebieden in Nederland 2024" (85755NED), as published by
the woningwaardering project of Woonstad Rotterdam: file
woningwaardering/data/corop/corop.generated.csv at commit
39a16cb9261228e16e754c6e92c9e112bd8a969f (13 November 2024; unchanged since),
https://raw.githubusercontent.com/woonstadrotterdam/woningwaardering/39a16cb9261228e16e754c6e92c9e112bd8a969f/woningwaardering/data/corop/corop.generated.csv
It is checked against the sha256 below. data/README.md says more.

It writes one row per woonplaats, in the order of the source: the BAG
woonplaatscode, the name as CBS writes it and the CBS code of the municipality
it lies in. Nothing is renamed, added or dropped. It stops when a municipality
of the source is not a 2025 municipality with the same name, when a 2025
municipality has no woonplaats, or when a code is not four digits or occurs
twice: then the extract no longer fits the 2025 municipalities.
"""

import csv
import hashlib
import io
import re
import sys

SOURCE_SHA256 = "28c70701d94255d5df05ed50c65b65a990ef33eb72b83cdf9a250fcb5812d579"
SOURCE_HEADER = ["Woonplaatscode", "Woonplaats", "Gemeentecode", "Gemeente",
                 "COROP-gebiedcode", "COROP-gebied"]
FOUR_DIGITS = re.compile(r"^\d{4}$")


def fail(message):
    sys.exit(f"woonplaatsen.py: {message}")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 scripts/woonplaatsen.py SOURCE_CSV GEMEENTEN_2025_CSV > data/woonplaatsen_2024.csv")
    source, gemeenten = sys.argv[1], sys.argv[2]
    with open(source, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        fail(f"{source}: sha256 {digest}, want {SOURCE_SHA256}")
    with open(gemeenten, encoding="utf-8", newline="") as f:
        names_2025 = {r["code"]: r["name"] for r in csv.DictReader(f)}

    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    if rows[0] != SOURCE_HEADER:
        fail(f"{source}: header {rows[0]}, want {SOURCE_HEADER}")
    seen = set()
    covered = set()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "municipality_code"])
    for r in rows[1:]:
        code, name, gm, gm_name = r[0], r[1], "GM" + r[2], r[3]
        if not FOUR_DIGITS.match(code) or code in seen:
            fail(f"woonplaats code {code!r} ({name}) is not four digits or occurs twice")
        if not name or name != name.strip():
            fail(f"woonplaats {code}: name {name!r}")
        if names_2025.get(gm) != gm_name:
            fail(f"woonplaats {code} {name}: municipality {gm} {gm_name!r}, 2025 has {names_2025.get(gm)!r}")
        seen.add(code)
        covered.add(gm)
        out.writerow([code, name, gm])
    missing = sorted(set(names_2025) - covered)
    if missing:
        fail(f"2025 municipalities without a woonplaats: {missing}")


if __name__ == "__main__":
    main()
