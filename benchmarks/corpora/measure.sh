#!/usr/bin/env bash
# Convert the pinned diaries, then run carnets-press on them as a new user would: check (findings by code),
# build epub (with EPUBCheck), DAISY Ace on the EPUB when it is installed, compare the EPUB's text with the
# source, and how many entry dates the tool reads from the headings alone.
#
#   benchmarks/corpora/measure.sh SOURCES_DIR [OUT_DIR] [NAME...]
#
# SOURCES_DIR holds one git directory per source, named owner+name (standardebooks+samuel-pepys_the-diary,
# GITenberg+Journal-des-Goncourt--…_14803), as a bare clone or a clone's .git; OUT_DIR defaults to
# /tmp/corpora (the corpora are large: keep them out of the repository). CARNETS_PRESS may name the command
# to measure (default: carnets-press on PATH); PYTHON the interpreter with lxml and carnets-press (default:
# python3); ACE the DAISY Ace command, run as `$ACE -f -s -o OUTDIR BOOK.epub` (default: ace on PATH; skipped if
# there is none). Nothing here opens a network connection; Ace runs a headless Chromium, which
# docs/accessibility.md and scripts/run-ace.sh say how to keep off the network.
set -u
sources=${1:?usage: measure.sh SOURCES_DIR [OUT_DIR] [NAME...]}
out=${2:-/tmp/corpora}
shift $(( $# >= 2 ? 2 : 1 ))
names=${*:-pepys barbellion mackenzie goncourt-2}
here=$(cd "$(dirname "$0")" && pwd)
tool=${CARNETS_PRESS:-carnets-press}
python=${PYTHON:-python3}
ace=${ACE:-$(command -v ace || true)}
mkdir -p "$out"

declare -A repo=( [pepys]=standardebooks+samuel-pepys_the-diary
                  [barbellion]=standardebooks+w-n-p-barbellion_the-journal-of-a-disappointed-man
                  [mackenzie]=standardebooks+alexander-mackenzie_journals
                  [goncourt-2]=GITenberg+Journal-des-Goncourt--Deuxi-me-volume---13-M-moires-de-la-vie-litt-raire_14803 )
# The slices: what tests/data/editions/ holds (Pepys: January and April 1660, for the links between their notes).
declare -A slice=( [pepys]="--files chapter-1,chapter-4" [barbellion]="--parts 1" [mackenzie]="--parts 3"
                   [goncourt-2]="--parts 1" )

findings() {  # the check's summary and its findings by code
    "$python" - "$1" <<'EOF'
import collections, json, sys
report = json.load(open(sys.argv[1]))
counts = collections.Counter((f["code"], f["severity"]) for f in report["findings"])
print("check:", report["summary"], "; ".join(f"{code} ({sev}) {n}" for (code, sev), n in counts.most_common()))
EOF
}

for name in $names; do
    git_dir="$sources/${repo[$name]}"
    [ -d "$git_dir/repo" ] && git_dir="$git_dir/repo"
    if [ "$name" = goncourt-2 ]; then
        converter="$here/convert_gutenberg_french.py"; module=convert_gutenberg_french; plain="--plain $name"
    else
        converter="$here/convert_standard_ebooks.py"; module=convert_standard_ebooks; plain=""
    fi
    commit=$("$python" -c "import sys; sys.path.insert(0, '$here'); import $module as c; print(c.SOURCES['$name'].commit)")
    for variant in "$name" "$name-slice"; do
        cut=""; [ "$variant" != "$name" ] && cut=${slice[$name]}
        echo "== $variant"
        # shellcheck disable=SC2086  # $cut and $plain are options, split on purpose
        "$python" "$converter" "$name" --git-dir "$git_dir" -o "$out/$variant" $cut
        "$tool" check -m "$out/$variant" --format json > "$out/check-$variant.json"
        findings "$out/check-$variant.json"
        rm -rf "$out/out-$variant"
        start=$EPOCHREALTIME
        "$tool" build epub -m "$out/$variant" -o "$out/out-$variant" > "$out/build-$variant.log" 2>&1
        status=$?
        end=$EPOCHREALTIME
        printf 'build epub: exit %s in %s s; ' "$status" "$("$python" -c "print(round($end - $start, 1))")"
        grep -E 'EPUBCheck|^error' "$out/build-$variant.log" | tail -1
        grep -E 'epubcheck-' "$out/build-$variant.log" | head -3 | cut -c1-220
        epub=$(ls "$out/out-$variant"/*.epub 2>/dev/null | head -1)
        if [ -z "$epub" ]; then  # a failed validation keeps no book: build it again without, to compare
            "$tool" build epub --no-validate -m "$out/$variant" -o "$out/out-$variant" > /dev/null 2>&1
            epub=$(ls "$out/out-$variant"/*.epub 2>/dev/null | head -1)
        fi
        [ -z "$epub" ] && continue
        if [ -n "$ace" ]; then
            rm -rf "$out/ace-$variant"
            "$ace" -f -s -o "$out/ace-$variant" "$epub" > "$out/ace-$variant.log" 2>&1
            "$python" - "$out/ace-$variant/report.json" <<'EOF'
import collections, json, sys
try:
    report = json.load(open(sys.argv[1]))
except OSError as error:
    sys.exit(f"DAISY Ace: no report ({error})")
found = collections.Counter((test["earl:test"]["dct:title"], test["earl:test"]["earl:impact"])
                            for document in report.get("assertions", []) for test in document.get("assertions", []))
print("DAISY Ace:", report["earl:result"]["earl:outcome"], f"({sum(found.values())} violations)",
      "; ".join(f"{title} ({impact}) {n}" for (title, impact), n in found.most_common()))
EOF
        fi
        # shellcheck disable=SC2086
        "$python" "$here/compare_text.py" --git-dir "$git_dir" --commit "$commit" --epub "$epub" $plain \
            ${cut:+$(echo "$cut" | sed 's/--parts/--slice/')} --first 5 | cut -c1-240
    done
    # The dates: the headings alone (no {date=…}), read by the tool, against the source's machine-readable dates.
    if [ "$name" = goncourt-2 ]; then
        "$python" "$here/compare_dates.py" --undated "$out/$name" --first 5
    else
        "$python" "$converter" "$name" --git-dir "$git_dir" -o "$out/$name-undated" --no-dates > /dev/null
        "$python" "$here/compare_dates.py" --undated "$out/$name-undated" --dated "$out/$name" --first 5
    fi
done
