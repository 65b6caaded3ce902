#!/usr/bin/env bash
# Installs the real Telnet peers the interop tests run against, when missing (Debian/Ubuntu).
#   apt: inetutils-telnet (telnet client), busybox (telnet client applet), tintin++ (MUD client), socat, tmux, util-linux (script),
#        tshark (with text2pcap: the independent decode check),
#        telnet-ssl (the netkit client), ckermit (C-Kermit), putty-tools (plink): the interop matrix
#   unpacked, not installed, into .ci/peers/: inetutils-telnetd (its package would pull in an
#   inetd serving port 23) and busybox-static (the only busybox with telnetd; it conflicts with busybox),
#   telnetd-ssl (the netkit in.telnetd; it conflicts with inetutils-telnetd) with a throwaway
#   self-signed certificate (it will not start without one).
set -euo pipefail
cd "$(dirname "$0")"
PEERS="$PWD/peers"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

need=()
command -v inetutils-telnet >/dev/null || need+=(inetutils-telnet)
command -v busybox >/dev/null || need+=(busybox)
command -v socat >/dev/null || need+=(socat)
command -v tmux >/dev/null || need+=(tmux)
command -v script >/dev/null || need+=(bsdutils)
command -v openssl >/dev/null || need+=(openssl)
# TinTin++, a MUD client (MTTS, NEW-ENVIRON/MNES, CHARSET, EOR): packages/node-transport/test/interop-tintin.test.ts.
[ -x /usr/games/tt++ ] || need+=(tintin++)
# The other clients of the interop matrix (packages/node-transport/test/interop-matrix.test.ts).
command -v telnet-ssl >/dev/null || need+=(telnet-ssl)
command -v kermit >/dev/null || need+=(ckermit)
command -v plink >/dev/null || need+=(putty-tools)
# Wireshark's Telnet dissector, the independent decoder of conformance/test/wireshark.test.ts.
{ command -v tshark >/dev/null && command -v text2pcap >/dev/null; } || need+=(tshark)
updated=""
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq && updated=1
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

unpack() { # package, directory, file that proves it is there
  local pkg=$1 dir=$2 probe=$3
  [ -x "$dir/$probe" ] && return 0
  local tmp; tmp=$(mktemp -d); chmod 755 "$tmp"
  [ -n "$updated" ] || { $SUDO apt-get update -qq && updated=1; }
  (cd "$tmp" && apt-get download "$pkg" >/dev/null)
  mkdir -p "$dir"
  dpkg-deb -x "$tmp"/"${pkg}"_*.deb "$dir"
  rm -rf "$tmp"
}
unpack inetutils-telnetd "$PEERS/inetutils-telnetd" usr/sbin/telnetd
unpack busybox-static "$PEERS/busybox-static" bin/busybox
unpack telnetd-ssl "$PEERS/telnetd-ssl" usr/sbin/in.telnetd
if [ ! -s "$PEERS/telnetd-ssl/telnetd.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
    -keyout "$PEERS/telnetd-ssl/key.pem" -out "$PEERS/telnetd-ssl/cert.pem" 2>/dev/null
  cat "$PEERS/telnetd-ssl/key.pem" "$PEERS/telnetd-ssl/cert.pem" > "$PEERS/telnetd-ssl/telnetd.pem"
  rm -f "$PEERS/telnetd-ssl/key.pem" "$PEERS/telnetd-ssl/cert.pem"
  chmod 600 "$PEERS/telnetd-ssl/telnetd.pem"
fi
"$PEERS/busybox-static/bin/busybox" --list | grep -qx telnetd
"$PEERS/inetutils-telnetd/usr/sbin/telnetd" --version >/dev/null
echo "peers ok: inetutils-telnet busybox tintin++ telnet-ssl kermit plink socat tmux script tshark, $PEERS/{inetutils-telnetd,busybox-static,telnetd-ssl}"
