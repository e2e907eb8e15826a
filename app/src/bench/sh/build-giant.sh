#!/usr/bin/env bash
# Fetches and builds JedAI-spatial's serial project (GIA.nt) under /tmp for InterlinkEndToEndBenchmark.
# None of its code is part of floe. Usage: build-giant.sh [GIT-URL-OR-DIR]
#   (default https://github.com/AI-team-UoA/JedAI-spatial; a local mirror works too).
# At the commit measured (7e807e4, 2025-04-09) it does not build as published, so it is edited in the copy:
#   - the geotools 25-SNAPSHOT dependencies (OSGeo snapshot repository) serve only its GeoJSON reader: they and
#     that reader are removed (GIA.nt reads TSV here, as in its own experiments);
#   - RADON's 4-argument constructor passes an undeclared variable (exportPath for exportFile): renamed.
# Dependencies go to a separate local repository (/tmp/jedai-m2), not ~/.m2.
set -euo pipefail
SRC="${1:-https://github.com/AI-team-UoA/JedAI-spatial}"
DIR="${JEDAI_DIR:-/tmp/jedai-spatial}"
rm -rf "$DIR"
git clone -q --no-checkout "$SRC" "$DIR"
cd "$DIR"
git checkout -q HEAD -- serial
cd serial
python3 - <<'PY'
import re
p = open('pom.xml').read()
p = re.sub(r'<dependency>\s*<groupId>org.geotools</groupId>.*?</dependency>', '', p, flags=re.S)
p = re.sub(r'<repositories>.*?</repositories>', '', p, flags=re.S)
open('pom.xml', 'w').write(p)
PY
rm src/main/java/datareader/GeometryGeoJSONReader.java
sed -i 's/return new GeometryGeoJSONReader([^)]*);/throw new UnsupportedOperationException("GeoJSON reader removed");/; /import datareader.GeometryGeoJSONReader;/d' \
  src/main/java/utilities/UserInputMethods.java src/main/java/enums/DataType.java
sed -i 's/String  exportFile) {/String exportPath) {/' src/main/java/batch/tilebased/RADON.java
mvn -B -q -Dmaven.repo.local=/tmp/jedai-m2 -DskipTests package
ls "$DIR"/serial/target/*-jar-with-dependencies.jar
