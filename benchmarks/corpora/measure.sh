#!/usr/bin/env bash
# Convert the pinned Standard Ebooks diaries, then run carnets-press on them as a new user would:
# check (findings by code), build epub (with EPUBCheck), compare the EPUB's text with the source.
#
#   benchmarks/corpora/measure.sh SOURCES_DIR [OUT_DIR] [NAME...]
#
# SOURCES_DIR holds one git directory per source, named owner+name (standardebooks+samuel-pepys_the-diary),
# as a bare clone or a clone's .git; OUT_DIR defaults to /tmp/corpora (the corpora are large: keep them out
# of the repository). CARNETS_PRESS may name the command to measure (default: carnets-press on PATH);
# PYTHON the interpreter with lxml (default: python3). Nothing here opens a network connection.
set -u
sources=${1:?usage: measure.sh SOURCES_DIR [OUT_DIR] [NAME...]}
out=${2:-/tmp/corpora}
shift $(( $# >= 2 ? 2 : 1 ))
names=${*:-pepys barbellion mackenzie}
here=$(cd "$(dirname "$0")" && pwd)
tool=${CARNETS_PRESS:-carnets-press}
python=${PYTHON:-python3}
mkdir -p "$out"

declare -A repo=( [pepys]=samuel-pepys_the-diary [barbellion]=w-n-p-barbellion_the-journal-of-a-disappointed-man
                  [mackenzie]=alexander-mackenzie_journals )
declare -A slice=( [pepys]=2 [barbellion]=1 [mackenzie]=3 )

for name in $names; do
    git_dir="$sources/standardebooks+${repo[$name]}"
    [ -d "$git_dir/repo" ] && git_dir="$git_dir/repo"
    commit=$("$python" -c "import sys; sys.path.insert(0, '$here'); import convert_standard_ebooks as c; print(c.SOURCES['$name'].commit)")
    for variant in "$name" "$name-slice"; do
        parts=""; [ "$variant" != "$name" ] && parts=${slice[$name]}
        echo "== $variant"
        "$python" "$here/convert_standard_ebooks.py" "$name" --git-dir "$git_dir" -o "$out/$variant" ${parts:+--parts "$parts"}
        "$tool" check -m "$out/$variant" --format json > "$out/check-$variant.json"
        "$python" - "$out/check-$variant.json" <<'EOF'
import collections, json, sys
report = json.load(open(sys.argv[1]))
counts = collections.Counter((f["code"], f["severity"]) for f in report["findings"])
print("check:", report["summary"], "; ".join(f"{code} ({sev}) {n}" for (code, sev), n in counts.most_common()))
EOF
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
        [ -n "$epub" ] && "$python" "$here/compare_text.py" --git-dir "$git_dir" --commit "$commit" --epub "$epub" \
            ${parts:+--slice "$parts"} --first 5 | cut -c1-240
    done
done
