#!/bin/bash
# run-ace.sh EPUB OUTDIR
#
# Check EPUB with DAISY Ace (npm @daisy/ace, installed with `npm install --prefix /opt/ace`),
# using Debian's Chromium through puppeteer (Ace's `ace-puppeteer` command, not the Electron one),
# write Ace's report.json and report.html to OUTDIR, and print the violations by severity.
#
# Exit status: 0 no violations, 1 violations found, 2 Ace or this script failed.
#
# Environment (all optional):
#   ACE_HOME         where @daisy/ace is installed (default: this script's directory if it is
#                    there, else /opt/ace)
#   ACE_CHROMIUM_BIN the Chromium binary (default: /usr/lib/chromium/chromium, else /usr/bin/chromium)
#
# The same file is also the browser that puppeteer starts (PUPPETEER_EXECUTABLE_PATH points
# back here, with ACE_RUN_AS_CHROMIUM=1): it adds flags so that Chromium makes no network
# traffic of its own. Puppeteer already passes --disable-background-networking, and Ace passes
# --no-sandbox --disable-setuid-sandbox (needed as root) and aborts every http(s) request of
# the pages it checks, but Chromium still looked up update.googleapis.com, accounts.google.com
# and clients2.google.com until the flags below were added.
set -u

if [ "${ACE_RUN_AS_CHROMIUM:-}" = 1 ]; then
  features="AutofillServerCommunication,CertificateTransparencyComponentUpdater,DialMediaRouteProvider"
  features="$features,InterestFeedContentSuggestions,OptimizationGuideModelDownloading,PrivacySandboxSettings4"
  args=()
  for a in "$@"; do
    # Chromium keeps only the last --disable-features: extend puppeteer's own list.
    case "$a" in --disable-features=*) a="$a,$features" ;; esac
    args+=("$a")
  done
  exec "$ACE_CHROMIUM_BIN" \
    --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE localhost" \
    --disable-component-update \
    --disable-domain-reliability \
    --no-pings \
    "${args[@]}"
fi

if [ $# -ne 2 ]; then
  echo "usage: $0 EPUB OUTDIR" >&2
  exit 2
fi
epub=$1
outdir=$2
if [ ! -f "$epub" ]; then
  echo "run-ace: no such file: $epub" >&2
  exit 2
fi

self=$(readlink -f "$0")
if [ -z "${ACE_HOME:-}" ]; then
  ACE_HOME=$(dirname "$self")
  [ -x "$ACE_HOME/node_modules/.bin/ace-puppeteer" ] || ACE_HOME=/opt/ace
fi
ace="$ACE_HOME/node_modules/.bin/ace-puppeteer"
if [ ! -x "$ace" ]; then
  echo "run-ace: $ace not found; install with: npm install --prefix $ACE_HOME @daisy/ace" >&2
  exit 2
fi
if [ -z "${ACE_CHROMIUM_BIN:-}" ]; then
  if [ -x /usr/lib/chromium/chromium ]; then
    ACE_CHROMIUM_BIN=/usr/lib/chromium/chromium
  else
    ACE_CHROMIUM_BIN=/usr/bin/chromium
  fi
fi
if [ ! -x "$ACE_CHROMIUM_BIN" ]; then
  echo "run-ace: no Chromium at $ACE_CHROMIUM_BIN (apt-get install chromium)" >&2
  exit 2
fi

export ACE_CHROMIUM_BIN ACE_RUN_AS_CHROMIUM=1 PUPPETEER_EXECUTABLE_PATH="$self"
rm -f "$outdir/report.json"
# -f: replace an earlier report in OUTDIR; -s: no progress log
if ! "$ace" -f -s --outdir "$outdir" "$epub"; then
  echo "run-ace: Ace failed on $epub (re-run with: PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium $ace -V --outdir $outdir $epub)" >&2
  exit 2
fi
if [ ! -f "$outdir/report.json" ]; then
  echo "run-ace: Ace wrote no $outdir/report.json" >&2
  exit 2
fi

python3 - "$outdir/report.json" <<'PY'
import json, signal, sys
from collections import Counter

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    report = json.load(f)

# report["assertions"]: one entry per checked file (package document, each XHTML document);
# its "assertions": one entry per violated rule, with earl:test/earl:impact as severity.
# This is the list that report.html counts in its "Violations" table.
by_impact = Counter()
lines = []
for per_file in report.get("assertions", []):
    where = per_file.get("earl:testSubject", {}).get("url", "?")
    for a in per_file.get("assertions", []):
        if a.get("earl:result", {}).get("earl:outcome") != "fail":
            continue
        test = a.get("earl:test", {})
        impact = test.get("earl:impact", "unknown")
        by_impact[impact] += 1
        lines.append(f"  {impact:9} {test.get('dct:title', '?')}  ({where})")

order = ["critical", "serious", "moderate", "minor"]
order += sorted(k for k in by_impact if k not in order)
total = sum(by_impact.values())
outcome = report.get("earl:result", {}).get("earl:outcome", "?")
print(f"Ace {report.get('earl:assertedBy', {}).get('doap:release', {}).get('doap:revision', '?')}: "
      f"outcome {outcome}, {total} violation(s)")
for k in order:
    print(f"{k}: {by_impact.get(k, 0)}")
if lines:
    print("violations:")
    print("\n".join(lines))
missing = report.get("a11y-metadata", {}).get("missing", [])
if missing:
    print("accessibility metadata missing: " + ", ".join(missing))
print(f"report: {path} (and report.html beside it)")
sys.exit(1 if total else 0)
PY
