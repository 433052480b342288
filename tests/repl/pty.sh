#!/usr/bin/env bash
# Drives the real interactive REPL in a terminal (tmux): the prompt, tab
# completion that knows the context (a name, an action after a modal, a
# product after an action, a command after `:`, an outcome after :under,
# a clause after `Agreement.`), an answer, the continuation prompt, an
# interrupt that cancels the line, history recalled with the up arrow and
# kept in $DEAL_HISTORY, the prompt showing the chosen world and date, and
# Ctrl-D leaving on a line of its own.
#   tests/repl/pty.sh path/to/deal
set -u
DEAL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v tmux >/dev/null || { echo "pty.sh: tmux is not installed"; exit 1; }
tmp=$(mktemp -d)
sock=$tmp/sock
T() { tmux -S "$sock" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export DEAL_HISTORY=$tmp/history
T new-session -d -x 150 -y 40 "env DEAL_HISTORY=$DEAL_HISTORY TERM=xterm $DEAL repl scenarios/openai-cloud.deal; echo \"[exit \$?]\"; sleep 30"

fail() { echo "pty.sh: $*"; T capture-pane -p | sed 's/^/  | /'; exit 1; }
# each wait polls every 0.05 s for up to 20 s: a sanitizer build on a
# loaded machine takes seconds to load the scenario
TRIES=400
# wait until the screen matches an extended regexp
wait_for() {
  for _ in $(seq 1 $TRIES); do
    T capture-pane -p | grep -Eq -- "$1" && return 0
    sleep 0.05
  done
  fail "timed out waiting for /$1/"
}

wait_for '^deal> ?$'
T send-keys 'Amaz' Tab
wait_for '^deal> Amazon ?$'
T send-keys 'may ho' Tab
wait_for '^deal> Amazon may host ?$'
T send-keys 'Statef' Tab
wait_for '^deal> Amazon may host StatefulRuntime ?$'
T send-keys BSpace '?' Enter
wait_for '^no \(Amazon: contested'
# an unfinished statement gets the continuation prompt; ^C cancels it
T send-keys 'agreement X between Amazon signed 2026-01-01 {' Enter
wait_for '^  \.\.\.> ?$'
T send-keys C-c
wait_for '^deal> ?$'
# the up arrow recalls the question from history
T send-keys Up
wait_for '^deal> agreement X between Amazon'
T send-keys C-u
T send-keys Up Up
wait_for '^deal> Amazon may host StatefulRuntime\?$'
T send-keys Enter
for _ in $(seq 1 $TRIES); do
  [ "$(T capture-pane -p | grep -Ec '^no \(Amazon: contested')" -ge 2 ] && break
  sleep 0.05
done
[ "$(T capture-pane -p | grep -Ec '^no \(Amazon: contested')" -ge 2 ] || fail "the recalled question was not answered"
# commands, outcomes and clauses complete; the prompt shows the world
T send-keys ':wo' Tab
wait_for '^deal> :worlds ?$'
T send-keys Enter
wait_for '^Current world: status quo'
T send-keys ':under micro' Tab
wait_for '^deal> :under microsoft_wins ?$'
T send-keys Enter
wait_for '^deal\[microsoft_wins\]> ?$'
T send-keys ':at 2030-01-01' Enter
wait_for '^deal\[microsoft_wins at 2030-01-01\]> ?$'
T send-keys 'MSFT_OpenAI.rev' Tab
wait_for '^deal\[microsoft_wins at 2030-01-01\]> MSFT_OpenAI\.revenue_share ?$'
T send-keys C-u
# Ctrl-D ends the session with a newline: the shell's next line starts
# on a line of its own
T send-keys C-d
wait_for '^\[exit 0\]$'
for _ in $(seq 1 $TRIES); do
  grep -q 'Amazon may host StatefulRuntime?' "$DEAL_HISTORY" 2>/dev/null && break
  sleep 0.05
done
grep -q 'Amazon may host StatefulRuntime?' "$DEAL_HISTORY" || fail "history was not saved in \$DEAL_HISTORY"
echo "pty.sh: prompt, completion, answer, continuation, interrupt, history, world prompt and Ctrl-D work"
