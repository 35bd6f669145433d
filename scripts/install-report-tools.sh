#!/usr/bin/env bash
# Debian packages the report builds use; both are optional and the code degrades without them:
#   poppler-utils    pdftoppm renders the public summary to PNG (without it a PNG request fails
#                    with a reason naming this package; PDFs are unaffected)
#   fonts-dejavu-core  DejaVu Sans for the PDFs (without it reportlab's bundled Vera fonts are used)
set -euo pipefail
missing=()
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
      || echo "warning: could not install ${missing[*]}; reports fall back (see above)" >&2
  else
    echo "warning: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
  fi
fi
