#!/usr/bin/env bash
# Make this machine able to run OneWindow: system packages, .venv, the package.
# Safe to run any number of times; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: PC/SC daemon and headers (pyscard builds against them),
# the vpcd virtual reader, CJK fonts for receipts and screens, Xvfb for the
# demo on a machine without a screen, the libraries Qt's xcb/offscreen
# platforms load, and for `make deb` and its test dpkg-deb, fakeroot and
# systemd-analyze.
PKGS=(pcscd libpcsclite-dev swig vsmartcard-vpcd fonts-noto-cjk xvfb xauth
      libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libdbus-1-3
      libfontconfig1 libglib2.0-0 libx11-xcb1 libxcb-icccm4 libxcb-image0
      libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
      libxcb-xkb1 libusb-1.0-0
      dpkg-dev fakeroot systemd cage libwayland-client0 libwayland-cursor0 libwayland-egl1
      # voice guidance (drivers/voice): speech-dispatcher + espeak-ng's Mandarin voice (cmn)
      speech-dispatcher speech-dispatcher-espeak-ng espeak-ng libpulse0
      # the on-screen keyboard's pinyin and handwriting engines (widgets/keyboard)
      libgooglepinyin0 libzinnia0 tegaki-zinnia-simplified-chinese
      # the back office's production engine (tests start their own server from it)
      postgresql
      # the review pages' browser tests (Selenium)
      chromium chromium-driver
      # 证明打印: A4 through CUPS (lp/lpstat); the tests' private cupsd with a cups-pdf
      # queue, and poppler's pdftoppm to read back the PDF it wrote
      cups cups-client printer-driver-cups-pdf poppler-utils
      # real photographic textures and photos for the scan tests' desk scenes
      # (scripts/realdesk.py): GIMP's patterns, OpenCV's sample images
      gimp-data opencv-doc)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: these system packages are missing: ${missing[*]}" >&2
    echo "bootstrap: install them as root, e.g.:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bootstrap: Python 3.11 or newer is needed ($PY is $("$PY" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
# Dependencies come from the lock file only (pinned, hashes checked); the
# package itself is installed editable on top without resolving anything,
# built by the locked setuptools and PySide6 (its build step compiles the
# translations into assets/i18n/*.qm). Reinstall when pyproject.toml, the
# lock, setup.py or a translation source changed since the last success.
stale=0
if [ ! -f .venv/.bootstrap-stamp ]; then
  stale=1
else
  for f in pyproject.toml requirements.lock setup.py assets/i18n/*.ts; do
    [ "$f" -nt .venv/.bootstrap-stamp ] && stale=1
  done
  for ts in assets/i18n/*.ts; do
    [ -f "${ts%.ts}.qm" ] || stale=1
  done
fi
if ((stale)); then
  echo "bootstrap: installing onewindow and its locked dependencies into .venv"
  log=.venv/bootstrap-pip.log
  if .venv/bin/python -m pip install -q --require-hashes -r requirements.lock >"$log" 2>&1 &&
     .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . \
       --config-settings editable_mode=lenient >>"$log" 2>&1; then
    touch .venv/.bootstrap-stamp
  else
    tail -n 40 "$log" >&2
    echo "bootstrap: pip install failed; the whole log is in $log" >&2
    exit 1
  fi
fi
