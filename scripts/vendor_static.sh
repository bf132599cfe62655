#!/usr/bin/env bash
# Copies third-party front-end files from their npm packages into static/.
# Run by a developer when a version changes; the copied files are committed, because the
# application and CI machines are offline and must never load anything from a CDN.
set -euo pipefail

BOOTSTRAP=5.3.9
HTMX=2.0.11
CARLITO=0.4.1   # @expo-google-fonts/carlito: Carlito TTFs (SIL OFL 1.1), metric-compatible with Calibri
AXE=4.14.1      # axe-core, for the accessibility tests only (tests/vendor, never served)

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "bootstrap@$BOOTSTRAP" "htmx.org@$HTMX" "@expo-google-fonts/carlito@$CARLITO" \
  "axe-core@$AXE" >/dev/null
for tgz in *.tgz; do
  mkdir "${tgz%.tgz}"
  tar xzf "$tgz" -C "${tgz%.tgz}"
done

vendor="$root/static/vendor"
rm -rf "$vendor/bootstrap" "$vendor/htmx"
mkdir -p "$vendor/bootstrap" "$vendor/htmx"
bs="bootstrap-$BOOTSTRAP/package"
cp "$bs/dist/css/bootstrap.min.css" "$bs/dist/css/bootstrap.min.css.map" "$vendor/bootstrap/"
cp "$bs/dist/js/bootstrap.bundle.min.js" "$bs/dist/js/bootstrap.bundle.min.js.map" "$vendor/bootstrap/"
cp "$bs/LICENSE" "$vendor/bootstrap/LICENSE"
cp "htmx.org-$HTMX/package/dist/htmx.min.js" "$vendor/htmx/"
cp "htmx.org-$HTMX/package/LICENSE" "$vendor/htmx/LICENSE"

fonts="$root/static/fonts/carlito"
rm -rf "$fonts"
mkdir -p "$fonts"
carlito="expo-google-fonts-carlito-$CARLITO/package"
cp "$carlito/400Regular/Carlito_400Regular.ttf" "$fonts/Carlito-Regular.ttf"
cp "$carlito/400Regular_Italic/Carlito_400Regular_Italic.ttf" "$fonts/Carlito-Italic.ttf"
cp "$carlito/700Bold/Carlito_700Bold.ttf" "$fonts/Carlito-Bold.ttf"
cp "$carlito/700Bold_Italic/Carlito_700Bold_Italic.ttf" "$fonts/Carlito-BoldItalic.ttf"
cp "$carlito/LICENSE_FONT" "$fonts/OFL.txt"

axe="$root/tests/vendor/axe-core"
rm -rf "$axe"
mkdir -p "$axe"
cp "axe-core-$AXE/package/axe.min.js" "axe-core-$AXE/package/LICENSE" "$axe/"

cat > "$vendor/VERSIONS" <<VERSIONS
bootstrap $BOOTSTRAP
htmx.org $HTMX
@expo-google-fonts/carlito $CARLITO (static/fonts/carlito)
axe-core $AXE (tests/vendor/axe-core)
VERSIONS
echo "Vendored bootstrap $BOOTSTRAP, htmx $HTMX, Carlito $CARLITO and axe-core $AXE."
