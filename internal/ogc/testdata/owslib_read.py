"""Read an OGC API - Features service with OWSLib (Debian's python3-owslib),
as a researcher would: landing page, conformance, collections, then every
municipality three ways (one page with a limit above the maximum, which the
server clamps; pages of 100 by offset; a server-side CQL2 filter). Prints one
JSON object with what it read; internal/ogc/owslib_test.go checks it.

    python3 owslib_read.py http://127.0.0.1:8080/ogc
"""
import json
import sys

import owslib
from owslib.ogcapi.features import Features

url = sys.argv[1]
api = Features(url)
out = {"owslib": owslib.__version__}
out["conformance"] = api.conformance()["conformsTo"]
out["collections"] = sorted(c["id"] for c in api.collections()["collections"])

# One request with limit=5000: clamped to the maximum (1000), all in one page.
big = api.collection_items("municipalities", limit=5000)
out["big"] = {"numberMatched": big.get("numberMatched"), "numberReturned": big.get("numberReturned"),
              "codes": sorted(f["id"] for f in big["features"])}

# Pages of 100 by offset, until a short page.
paged, offset = [], 0
while True:
    page = api.collection_items("municipalities", limit=100, offset=offset)
    paged += [f["id"] for f in page["features"]]
    if len(page["features"]) < 100:
        break
    offset += 100
out["paged"] = paged

# A CQL2 text filter, executed by the server.
flt = api.collection_items("municipalities", limit=1000, filter="stage >= 4")
out["filtered"] = sorted(f["id"] for f in flt["features"])
out["stage_ge_4"] = sorted(f["id"] for f in big["features"]
                           if f["properties"].get("stage") is not None and f["properties"]["stage"] >= 4)
out["provinces"] = api.collection_items("provinces", limit=100)["numberReturned"]
print(json.dumps(out))
