#!/bin/sh
# Seeds the fuzz corpus from the checked-in fixtures: each file gets the leading byte that
# makes the target save it under its own extension (0 = .xlsx, 1 = .xls, 2 = .ods).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/read_report
for f in ../tests/fixtures/*.xlsx ../tests/fixtures/*.xls ../tests/fixtures/*.ods; do
    case "$f" in
        *.xlsx) p='\000' ;;
        *.xls) p='\001' ;;
        *.ods) p='\002' ;;
    esac
    { printf "$p"; cat "$f"; } > "corpus/read_report/seed-$(basename "$f")"
done
