#!/bin/sh
# Assembles the file tree of the daemon-less node image (see pom.xml beside this file):
#   /opt/java                 a jlink-built Java 17 runtime with only the modules the node needs
#   /opt/registry             registry-node.jar, lib/, bin/entrypoint.sh (the tested entrypoint)
#   /bin/sh                   dash, which the entrypoint runs under
#   /lib*, /usr/lib*          the shared libraries those binaries link (copied from this machine)
#   /etc/passwd, group, nsswitch.conf; /tmp and /var/lib/registry as mount points
# Usage: assemble-root.sh <repository root> <output dir> <comma-separated jlink modules>
# The output is wiped first. Needs a JDK with jmods (JAVA_HOME or the jlink on PATH) and ldd.
set -eu

repo="$1"
out="$2"
modules="$3"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"

[ -f "$repo/node/target/registry-node.jar" ] \
  || { echo "assemble-root: build the node first: mvn -B -pl node -am package -DskipTests" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/opt/registry/bin" "$out/bin" "$out/etc" "$out/tmp" "$out/var/lib/registry"

# java.desktop is there for java.beans only: its AWT, font, image and sound natives (and the
# X11/graphics libraries they would drag in) are left out.
"$jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 \
  --exclude-files='**/libawt*,**/libjawt*,**/libfontmanager*,**/libjavajpeg*,**/liblcms*,**/libmlib_image*,**/libsplashscreen*,**/libjsound*' \
  --output "$out/opt/java"

cp "$repo/node/target/registry-node.jar" "$out/opt/registry/"
cp -r "$repo/node/target/lib" "$out/opt/registry/lib"
cp "$repo/deploy/container/entrypoint.sh" "$out/opt/registry/bin/entrypoint.sh"
cp "$(readlink -f /bin/dash)" "$out/bin/sh"

# Every ELF file's dependencies, resolved on this machine, copied to the same path inside.
# The runtime's own libraries (libjvm, libjli...) resolve inside /opt/java, so they are skipped.
find "$out/opt/java" "$out/bin" -type f | while read -r f; do
  if head -c 4 "$f" | grep -q 'ELF'; then
    LD_LIBRARY_PATH="$out/opt/java/lib:$out/opt/java/lib/server" ldd "$f" 2>/dev/null \
      | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'
  fi
done | sort -u | while read -r lib; do
  case "$lib" in "$out"/*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

cat > "$out/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
registry:x:10001:10001:registry node:/var/lib/registry:/sbin/nologin
EOF
cat > "$out/etc/group" <<'EOF'
root:x:0:
registry:x:10001:
EOF
# glibc 2.34+ has the files and dns NSS modules built in; this makes the order explicit.
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
