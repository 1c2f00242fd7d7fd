#!/usr/bin/env python3
"""wijken.py makes data/wijken_2025.csv, the district names the search finds.

Usage (from the repository root, standard library only):

    python3 scripts/wijken.py ../shared/data > data/wijken_2025.csv

It reads wijk_2025.geojson (CBS/Kadaster districts, 2025; checked against
the sha256 published in shared/data/README.md) and writes one row per
district, in the order of the source: its code (statcode), its name as CBS
writes it (statnaam), the search name and its municipality code (gmCode).

The search name is the CBS name without a leading district number
("Wijk 07 Scheveningen", "Wijk02 Kunrade", "Wijk 00: Valkenburg",
"Wijk01-Arkel") and without a trailing " e.o." or " en omgeving" ("Hoogkerk
e.o."). Nothing else changes; a name that is only a number ("Wijk 01") gets an
empty search name. Names such as "Wijk aan Zee" keep their "Wijk".
"""

import csv
import hashlib
import json
import os
import re
import sys

SOURCE = "wijk_2025.geojson"
SOURCE_SHA256 = "49afb6f787b0d5ebd7c5e0f8e366e7e49c9fced19ca9c1f882e0d0147c7c939c"

NUMBER = re.compile(r"^Wijk\s*\d+\s*[:\-]?\s*")
AROUND = re.compile(r"\s+(e\.o\.|en omgeving)$")


def search_name(name):
    """search_name is the place name in a CBS district name (see above)."""
    return AROUND.sub("", NUMBER.sub("", name)).strip()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 scripts/wijken.py SHARED_DATA_DIR > data/wijken_2025.csv")
    path = os.path.join(sys.argv[1], SOURCE)
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{path}: sha256 {digest}, want {SOURCE_SHA256}")
    doc = json.loads(raw)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "search_name", "municipality_code"])
    for feature in doc["features"]:
        p = feature["properties"]
        out.writerow([p["statcode"], p["statnaam"], search_name(p["statnaam"]), p["gmCode"]])


if __name__ == "__main__":
    main()
