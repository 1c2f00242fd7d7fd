#!/bin/sh
# vendor.sh copies Leaflet from node_modules (installed by `npm ci`, pinned in
# package-lock.json) into static/vendor/leaflet/, which static/static.go embeds.
# The page never loads anything from a CDN. static/vendor/ is git-ignored.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/node_modules/leaflet/dist"
dst="$root/static/vendor/leaflet"

if [ ! -f "$src/leaflet.js" ]; then
	echo "vendor.sh: $src/leaflet.js not found; run 'npm ci' first" >&2
	exit 1
fi

rm -rf "$dst"
mkdir -p "$dst/images"
cp "$src/leaflet.js" "$src/leaflet.css" "$dst/"
cp "$src/images/"* "$dst/images/"
cp "$root/node_modules/leaflet/LICENSE" "$dst/LICENSE"
echo "vendor.sh: Leaflet $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/node_modules/leaflet/package.json") copied to static/vendor/leaflet/"
