#!/usr/bin/env bash
# Write the test suite's slices of the real editions (tests/data/editions/) from the pinned sources:
#
#   benchmarks/corpora/make_test_slices.sh SOURCES_DIR
#
# SOURCES_DIR as for measure.sh. Each slice gets its source's digests (compare_text.py --write-digest), which
# tests/test_real_editions.py compares the built EPUB with. PYTHON: the interpreter (default: python3).
set -eu
sources=${1:?usage: make_test_slices.sh SOURCES_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../.." && pwd)/tests/data/editions
python=${PYTHON:-python3}
git_dir() { if [ -d "$sources/$1/repo" ]; then echo "$sources/$1/repo"; else echo "$sources/$1"; fi; }
pepys=$(git_dir standardebooks+samuel-pepys_the-diary)
barbellion=$(git_dir standardebooks+w-n-p-barbellion_the-journal-of-a-disappointed-man)
goncourt=$(git_dir GITenberg+Journal-des-Goncourt--Deuxi-me-volume---13-M-moires-de-la-vie-litt-raire_14803)
commit() { "$python" -c "import sys; sys.path.insert(0, '$here'); import $1 as c; print(c.SOURCES['$2'].commit)"; }

"$python" "$here/convert_standard_ebooks.py" pepys --git-dir "$pepys" -o "$out/pepys-slice" --files chapter-1,chapter-4
"$python" "$here/compare_text.py" --git-dir "$pepys" --commit "$(commit convert_standard_ebooks pepys)" \
    --files chapter-1,chapter-4 --write-digest "$out/pepys-slice/source-digest.json"
"$python" "$here/convert_standard_ebooks.py" barbellion --git-dir "$barbellion" -o "$out/barbellion-slice" --parts 1
"$python" "$here/compare_text.py" --git-dir "$barbellion" --commit "$(commit convert_standard_ebooks barbellion)" \
    --slice 1 --write-digest "$out/barbellion-slice/source-digest.json"
"$python" "$here/convert_gutenberg_french.py" goncourt-2 --git-dir "$goncourt" -o "$out/goncourt-2-slice" --parts 1
"$python" "$here/compare_text.py" --git-dir "$goncourt" --commit "$(commit convert_gutenberg_french goncourt-2)" \
    --plain goncourt-2 --slice 1 --write-digest "$out/goncourt-2-slice/source-digest.json"
