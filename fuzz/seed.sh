#!/bin/sh
# Seeds the fuzz corpus from the checked-in fixtures: each file gets the leading byte that
# makes the target save it under its own extension (0 = .xlsx, 1 = .xls, 2 = .ods).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/read_report
# The issue-12 cases (.xlsm, .xlsb, .fods among them) are sniffed by content, so any of the
# three extensions reads them.
for f in ../tests/fixtures/*.xlsx ../tests/fixtures/*.xls ../tests/fixtures/*.ods ../tests/fixtures/reader/*; do
    case "$f" in
        *.xls) p='\001' ;;
        *.ods|*.fods) p='\002' ;;
        *) p='\000' ;;
    esac
    { printf "$p"; cat "$f"; } > "corpus/read_report/seed-$(basename "$f")"
done
