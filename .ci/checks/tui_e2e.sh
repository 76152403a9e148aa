#!/usr/bin/env bash
# End-to-end: drive the real binary's terminal interface in tmux through
# login → register → receive → enter results → submit → review → approve → issue,
# check that the certificate PDF exists, then that q, Ctrl-C and SIGTERM all leave with status 0.
# It runs on a tmux server of its own (-L, no config file), so another tmux server (the user's,
# another check's) neither breaks it nor sees it, and each session gets its environment
# explicitly (env … on the command), never from whatever server happens to start it.
set -euo pipefail
cd "$(dirname "$0")/../.."

export LANG=C.UTF-8 LC_ALL=C.UTF-8
if ! command -v tmux >/dev/null 2>&1; then
  echo "tui_e2e: tmux is required (apt-get install tmux)" >&2
  exit 1
fi

cargo build --locked --bin unilab >/dev/null
BIN="$PWD/target/debug/unilab"
WORK="$(mktemp -d)"
SESSION="unilab_e2e_$$"
SOCKET="unilab_e2e_$$"
tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }
cleanup() {
  tm kill-server 2>/dev/null || true
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCKET" # kill-server leaves the socket file
  rm -rf "$WORK"
}
trap cleanup EXIT

export UNILAB_DATA_DIR="$WORK/lab"
CERTS="$WORK/certificates"
PW=secret1

# A lab made with the CLI.
UNILAB_PASSWORD=adminpass "$BIN" init --lab-name "E2E Lab" --admin admin >/dev/null
UNILAB_USER=admin UNILAB_PASSWORD=adminpass "$BIN" keys init >/dev/null
add_user() { # login name role [field]
  local extra=()
  [ $# -ge 4 ] && extra=(--field "$4")
  UNILAB_USER=admin UNILAB_PASSWORD=adminpass UNILAB_NEW_PASSWORD=$PW \
    "$BIN" user add "$1" --name "$2" --role "$3" "${extra[@]}" >/dev/null
}
add_user clerk Clerk clerk
add_user tech Tech technician
add_user chk Checker technician
add_user rev Rev reviewer
add_user sig Sig signatory '*'
# The bench: the universal testing machine in calibration; tech authorised for the methods.
UNILAB_USER=admin UNILAB_PASSWORD=adminpass "$BIN" instrument add --id SB-001 --name "UTM" \
  --kind "万能材料试验机" --due "$(date -u -d '+365 days' +%F)" >/dev/null
for m in "GB/T 28900-2022" "GB 1499.2-2024（重量偏差测量）"; do
  UNILAB_USER=admin UNILAB_PASSWORD=adminpass "$BIN" user authorise tech --method "$m" \
    --reason "trained" >/dev/null
done
UNILAB_USER=clerk UNILAB_PASSWORD=$PW "$BIN" enterprise add --name "Fuzhou Steel Co" \
  --credit-code 91350100M000100Y43 --address Fuzhou >/dev/null

screen() { tm capture-pane -p -t "$1"; }
fail() {
  echo "tui_e2e: $1" >&2
  echo "---- screen ----" >&2
  screen "$2" >&2 || true
  exit 1
}
wait_for() { # session text [seconds]
  local s="$1" text="$2" limit="${3:-15}" i=0
  while ! screen "$s" | grep -qF -- "$text"; do
    i=$((i + 1))
    [ "$i" -gt $((limit * 10)) ] && fail "timed out waiting for “$text”" "$s"
    sleep 0.1
  done
}
keys() { tm send-keys -t "$S" "$@"; sleep 0.15; }
text() { tm send-keys -t "$S" -l -- "$1"; sleep 0.15; }
# The program's whole environment, set on its command line (a tmux server's environment may not
# be this script's): no UNILAB_* variable but the data directory; TERM is the one tmux gives the pane.
APP_ENV="env -i PATH=$(printf %q "$PATH") HOME=$(printf %q "${HOME:-$WORK}") TERM=\"\$TERM\" \
LANG=C.UTF-8 LC_ALL=C.UTF-8 UNILAB_DATA_DIR=$(printf %q "$UNILAB_DATA_DIR")"
start() { # session
  tm -u new-session -d -s "$1" -x 100 -y 30 \
    "$APP_ENV $(printf %q "$BIN") tui --cert-out $(printf %q "$CERTS"); echo \"EXIT=\$?\" > $(printf %q "$WORK/$1.exit"); sleep 60"
}
login() { # user
  wait_for "$S" "口令"
  text "$1"; keys Tab; text "$PW"; keys Enter
  wait_for "$S" "F2"
}
switch_user() { keys F12; login "$1"; }
exited_ok() { # session
  local i=0
  while [ ! -s "$WORK/$1.exit" ]; do
    i=$((i + 1)); [ "$i" -gt 100 ] && fail "the program did not exit" "$1"; sleep 0.1
  done
  grep -qx "EXIT=0" "$WORK/$1.exit" || fail "exit status: $(cat "$WORK/$1.exit")" "$1"
}

S="$SESSION"
start "$S"
login clerk

# Register (F4): client by credit code, standard, grade HRB400E, spec d14-20, sample.
keys F4
wait_for "$S" "检验类别"
keys Tab; text "913501"
keys Tab; keys Tab; text "GB 1499.2-2024"
keys Tab; keys Right; keys Right
keys Tab; keys Right; keys Right
keys Tab; text "rebar HRB400E"
keys Enter
wait_for "$S" "已登记委托单"
ORDER="$(screen "$S" | grep -o 'WT[0-9]\{4\}-[0-9]\+' | head -1)"
[ -n "$ORDER" ] || fail "no order number on screen" "$S"
keys r
keys y                                      # confirm: the sample arrived
wait_for "$S" "已收样 $ORDER"

# Technician: open the order, enter every item, submit for review.
switch_user tech
keys F3; wait_for "$S" "$ORDER"; keys Enter
wait_for "$S" "流转记录"
keys e
wait_for "$S" "录入值"
keys C-b                                    # bench facts: today, SB-001, 23 ℃
wait_for "$S" "SB-001"
keys Tab; keys Tab; text "23"; keys Enter
for pair in "445 450" "610 620" "20 21" "11.0 12.5"; do
  set -- $pair
  text "$1"; keys Tab; text "$2"; keys Enter
done
keys C-t; keys Tab; keys C-t; keys Enter   # bend: 无裂纹 ×2
text "-2.1"; keys Enter                     # weight deviation
wait_for "$S" "已保存 W"

# A second technician checks the raw record (校核), then the first submits.
switch_user chk
keys F3; wait_for "$S" "$ORDER"; keys Enter
wait_for "$S" "审核要点"
keys c
keys y                                      # confirm: checked
wait_for "$S" "已校核"
switch_user tech
keys F3; wait_for "$S" "$ORDER"; keys Enter
wait_for "$S" "审核要点"
keys s
keys y                                      # confirm: submit for review
wait_for "$S" "已提交审核"

# Reviewer passes it from the work queue.
switch_user rev
wait_for "$S" "$ORDER"; keys Enter
wait_for "$S" "审核要点"
keys a
keys y                                      # confirm: pass the review
wait_for "$S" "审核通过 $ORDER"

# Signatory approves with the password again, previews and issues.
switch_user sig
wait_for "$S" "$ORDER"; keys Enter
wait_for "$S" "审核要点"
keys p; wait_for "$S" "批准须再次输入口令"
text "$PW"; keys Enter
wait_for "$S" "已批准 $ORDER"
keys i
wait_for "$S" "签发此证书"
keys Enter
wait_for "$S" "PDF" 30
PDF="$(ls "$CERTS"/*.pdf 2>/dev/null | head -1 || true)"
[ -n "$PDF" ] && [ -s "$PDF" ] || fail "no certificate PDF in $CERTS" "$S"
head -c 5 "$PDF" | grep -q '%PDF-' || fail "$PDF is not a PDF" "$S"
screen "$S" | grep -qF "$(basename "$PDF")" || fail "the screen does not say where the PDF went" "$S"
"$BIN" order show "$ORDER" | grep -q "已签发" || fail "order $ORDER is not issued" "$S"

# q leaves from the top level with status 0.
keys Enter; keys F2; keys q
exited_ok "$S"

# Ctrl-C leaves from inside a popup.
S="${SESSION}_cc"
start "$S"
wait_for "$S" "口令"
keys F1; keys C-c
exited_ok "$S"

# SIGTERM (an SSH session closing) restores the terminal and exits cleanly.
S="${SESSION}_sig"
start "$S"
login clerk
PANE_PID="$(tm list-panes -t "$S" -F '#{pane_pid}')"
APP_PID="$(pgrep -P "$PANE_PID" -f unilab | head -1)"
[ -n "$APP_PID" ] || fail "cannot find the unilab process" "$S"
tr '\0' '\n' < "/proc/$APP_PID/environ" | grep -qxF "UNILAB_DATA_DIR=$UNILAB_DATA_DIR" \
  || fail "the program did not get UNILAB_DATA_DIR=$UNILAB_DATA_DIR" "$S"
kill -TERM "$APP_PID"
exited_ok "$S"
grep -q "terminal interface stopped" "$UNILAB_DATA_DIR/unilab.log" || fail "no log line in unilab.log" "$S"
"$BIN" audit verify >/dev/null || fail "audit chain broken after the run" "$S"

echo "tui_e2e: ok ($ORDER → $(basename "$PDF"))"
