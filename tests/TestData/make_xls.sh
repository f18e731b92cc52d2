#!/usr/bin/env bash
# Converts shapes/labels_fr.csv to legacy .xls (BIFF8) with LibreOffice; the result is checked in.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
HOME=$tmp soffice --headless --norestore --infilter="CSV:44,34,76,1,,1036" --convert-to xls:"MS Excel 97" --outdir "$tmp" shapes/labels_fr.csv >/dev/null
mv "$tmp/labels_fr.xls" shapes/labels_fr.xls
rm -rf "$tmp"
