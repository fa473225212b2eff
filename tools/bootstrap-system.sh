#!/usr/bin/env bash
# Install the system tools the build and tests need, when they are missing (WPE WebKit's
# WebDriver and its headless browser, cog, run the phone in an iPhone's engine).
# As root on Debian or Ubuntu it installs them with apt-get and says what it installs;
# anywhere else it stops with one line naming the packages to install.
set -euo pipefail

PACKAGES=(
  texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex
  latexmk tex-gyre fonts-freefont-otf xindy poppler-utils graphviz chromium
  wpewebkit-driver cog
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
else
  # Not Debian: check for the commands themselves.
  for tool in xelatex latexmk xindy pdftotext dot chromium; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
fi
# Java runs the HTML validator (tests/test_html_valid.py); any Java 11 or later will do.
command -v java >/dev/null 2>&1 || missing+=("default-jre-headless")
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && grep -qiE 'debian|ubuntu' /etc/os-release 2>/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]}"
else
  echo "Missing system packages; install them first: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
