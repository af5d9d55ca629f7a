# Sourced by ./loupe and scripts/test: finds a JDK >= 25 on this machine without a hard-coded path.
# Order: $JAVA_HOME, the `java` on the PATH, then the usual install locations; the newest suitable one wins
# among the install locations. Reads each home's `release` file (JAVA_VERSION="25.0.1").

loupe_jdk_major() { # $1 = JDK home; prints the major version or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel" | head -n 1)
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = "1" ] && v=8
  echo "$v"
}

loupe_find_jdk() { # prints a JDK home with javac and major >= 25, or fails with a message
  local min=25 best="" best_v=0 home v candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if [ -x /usr/libexec/java_home ]; then # macOS knows its JDKs
    home=$(/usr/libexec/java_home -v "$min+" 2>/dev/null) && candidates+=("$home")
  fi
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(cd "$(dirname "$(command -v java)")/.." && pwd -P)")
    home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
    [ -n "$home" ] && candidates+=("$home")
  fi
  for home in "${candidates[@]}"; do
    v=$(loupe_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ -x "$home/bin/javac" ]; then echo "$home"; return 0; fi
  done
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
              /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
              /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
    [ -d "$home" ] || continue
    v=$(loupe_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ] && [ -x "$home/bin/javac" ]; then
      best="$home"; best_v="$v"
    fi
  done
  if [ -z "$best" ]; then
    echo "loupe: no JDK $min or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, ~/.sdkman, ~/.jdks)." >&2
    echo "loupe: install one (e.g. Temurin 25) or set JAVA_HOME." >&2
    return 1
  fi
  echo "$best"
}

# Picks the JDK: exports JAVA_HOME, and MAVEN_OPTS silencing Maven's Unsafe warning on JDK 23+ (older JDKs
# do not know that flag and would refuse to start).
loupe_use_jdk() {
  JAVA_HOME="$(loupe_find_jdk)" || return 1
  export JAVA_HOME
  if [ -z "${MAVEN_OPTS:-}" ] && [ "$(loupe_jdk_major "$JAVA_HOME")" -ge 23 ]; then
    export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
  fi
}

# JVM options every Loupe JVM needs: a big stack (ONNX Runtime start-up) and native access for ORT.
# Tests and benchmarks add Lucene's SIMD vector search (--add-modules jdk.incubator.vector); the CLI leaves it
# out because the JVM then prints a warning on every run (set LOUPE_JAVA_OPTS to opt in).
# -Xms32m: the JVM otherwise starts with 1/64 of the machine's RAM as heap (384 MB on 24 GB) and G1 cycles
# its young generation through all of it, so every page counts in RSS; starting small, the heap grows only as
# far as the work needs (indexing caltech20/train: peak RSS about 150 MB lower, measured in docs/benchmarks.md).
LOUPE_JVM_OPTS="-Xss8m -Xms32m --enable-native-access=ALL-UNNAMED"
LOUPE_SIMD_OPTS="--add-modules jdk.incubator.vector"
export ORT_DISABLE_TELEMETRY=1 OPT_OUT_TRACKING=true
