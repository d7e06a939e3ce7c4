# Sourced by the launchers that run a module's jar (bin/wscat, bin/testee, bin/bench, bin/abuse,
# bin/jmh): keeps the jars current so a launcher never runs an old build (issue 12, item 7).
# The launcher sets $root, the repository, found through symlinks (a symlinked bin/wscat works from
# any directory), with these two lines before sourcing this file:
#
#   src="${BASH_SOURCE[0]}"
#   while [ -L "$src" ]; do d="$(cd -P "$(dirname "$src")" && pwd)"; src="$(readlink "$src")"; [[ $src = /* ]] || src="$d/$src"; done
#   root="$(cd -P "$(dirname "$src")/.." && pwd)"
#
# (a loop rather than `readlink -f`, which older macOS lacks).

# jvmws_build WHAT MODULE...
#   Makes MODULE/target/jvmws-MODULE.jar current for each MODULE. It is stale when missing, or when a
#   file the build reads is newer: the root pom.xml, and pom.xml and src/main of MODULE and of every
#   repository module its POM depends on, transitively (found by their jvmws-NAME artifactIds;
#   src/test is left out: tests are not in the jar). Directories count too, so a deleted or renamed
#   source makes the jar stale (so may an editor's swap file: one needless rebuild). A stale jar is rebuilt with
#   `mvn -pl MODULE,… -am package` — those modules and what they need only, no tests, no javadoc —
#   after one line on stderr: "jvmws: building WHAT (first run)…" or "(sources changed)…". An
#   up-to-date jar costs one `find` and prints nothing. Two launchers starting at once build once:
#   the build holds a lock (flock, where there is one) on the root pom.xml, and checks again under it.
jvmws_build() {
  local what="$1"; shift
  [ -n "$(_jvmws_stale "$@")" ] || return 0
  (
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    reason="$(_jvmws_stale "$@")"
    [ -n "$reason" ] || exit 0
    echo "jvmws: building $what ($reason)…" >&2
    # Quiet (-q: errors only), and shown only if the build fails; Debian's Maven 3.8 also writes
    # colour resets with -q -B, so the log goes through sed.
    if ! log="$(cd "$root" && mvn -q -B -Dmaven.test.skip=true -Dmaven.javadoc.skip=true \
        -Dmaven.source.skip=true -pl "$(IFS=,; echo "$*")" -am package 2>&1)"; then
      sed 's/\x1b\[[0-9;]*m//g' <<< "$log" >&2
      echo "jvmws: building $what failed" >&2
      exit 1
    fi
  ) 9< "$root/pom.xml"
}

# Prints why the jars of MODULE... are stale ("first run" or "sources changed"), or nothing.
_jvmws_stale() {
  local module jar
  for module in "$@"; do
    jar="$root/$module/target/jvmws-$module.jar"
    if [ ! -f "$jar" ]; then echo "first run"; return; fi
  done
  for module in "$@"; do
    jar="$root/$module/target/jvmws-$module.jar"
    local inputs=("$root/pom.xml")
    for dir in $(_jvmws_modules "$module"); do
      inputs+=("$root/$dir/pom.xml")
      [ -d "$root/$dir/src/main" ] && inputs+=("$root/$dir/src/main")
    done
    if [ -n "$(find "${inputs[@]}" -newer "$jar" -print -quit)" ]; then echo "sources changed"; return; fi
  done
}

# Prints MODULE and the repository modules it depends on, transitively: a module's dependencies are
# the jvmws-NAME artifactIds in its pom.xml with a NAME/pom.xml beside it (its own and the parent's
# artifactIds are in the file too: the first is MODULE, the second has no directory).
_jvmws_modules() {
  local todo=("$1") seen=" " module name
  while [ ${#todo[@]} -gt 0 ]; do
    module="${todo[0]}"; todo=("${todo[@]:1}")
    case "$seen" in *" $module "*) continue ;; esac
    seen="$seen$module "
    echo "$module"
    for name in $(sed -n 's:.*<artifactId>jvmws-\([A-Za-z0-9_-]*\)</artifactId>.*:\1:p' "$root/$module/pom.xml"); do
      [ -f "$root/$name/pom.xml" ] && todo+=("$name")
    done
  done
}
