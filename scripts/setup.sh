#!/usr/bin/env bash
# Install what the project needs on a fresh Debian 12 / Python 3.11 machine.
#   bash scripts/setup.sh          runtime (dashboard + chart export)
#   bash scripts/setup.sh --dev    runtime + test tools
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium fonts-noto-cjk)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]} (chart export needs a browser and a CJK font)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: WARNING: ${missing[*]} not installed and apt-get unavailable (or not root)."
    echo "       The dashboard runs; server-side PNG/SVG export will say what to install."
  fi
fi

requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
python3 -m pip install -q --disable-pip-version-check -r "$requirements"
# OCR of scanned PDFs: rapidocr without its opencv-python (GUI) requirement; requirements.txt has the headless one
python3 -m pip install -q --disable-pip-version-check --no-deps -r requirements-nodeps.txt
