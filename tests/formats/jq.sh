#!/usr/bin/env bash
# Spot checks of `deal run --format json` and `deal timeline --format
# json` with jq, and money overflow.
#   tests/formats/jq.sh DEAL
set -u
DEAL=$1
S=scenarios/openai-cloud.deal
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check DESCRIPTION JQ-FILTER FILE
  if ! jq -e "$2" "$3" >/dev/null; then echo "FAIL: $1: $2"; fail=1; fi
}

"$DEAL" run --format json "$S" >"$tmp/a.json" || { echo "FAIL: run"; exit 1; }
"$DEAL" run --format json "$S" >"$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || { echo "FAIL: two runs differ"; fail=1; }
J=$tmp/a.json
check "worlds" '[.worlds[].id] == ["status_quo","microsoft_wins","openai_amazon_win","settlement"]' "$J"
check "version" '.version == 2' "$J"
# clause ids name the document's clause table
check "key" '[.clauses[].name] as $c | .permissions.keys[] | select(.party == "Amazon" and .object == "StatefulRuntime")
  | .status == ["contested","forbidden","required","required"] and .expected == "70%"
    and ([.deciding[1][] | $c[.]] | index("order of microsoft_wins") != null)' "$J"
check "same in every world: one element" '.permissions.keys[] | select(.party == "Amazon" and .object == "StatefulRuntime")
  | .covered == [true]' "$J"
check "default: no deciding clause, the owner" '.permissions.keys[] | select(.party == "Microsoft" and .object == "JointAPI")
  | .deciding[2] == [] and .covered[2] == false and .owner == "OpenAI"' "$J"
check "expected" '.permissions.expected.available and .permissions.expected.combinations == 3' "$J"
check "market" '.markets[] | select(.action == "host" and .product == "StatelessAPI")
  | .worlds[0].exclusive_among.clouds == "Microsoft" and .worlds[0].permitted == ["Microsoft","OpenAI"]' "$J"
check "market change: only the worlds that differ" '.markets[] | select(.product == "JointAPI") | [.worlds[].world] == ["status_quo","openai_amazon_win"] and .worlds[1].exclusive == "OpenAI"' "$J"
check "stake" '.flows[] | select(.kind == "owns") | .implied_valuation_cents == 50000000000000 and .implied_valuation == "$500B"' "$J"
check "investment" '.flows[] | select(.kind == "invests") | .amount_cents == 5000000000000 and .committed_cents == 1500000000000' "$J"
check "revenue share ends in settlement" '[.clauses[].name] as $c | .flows[] | select($c[.clause] == "MSFT_OpenAI.revenue_share" and (.amended | not)) | .active == [true,true,true,false]' "$J"
check "the settlement's share starts after the date" '[.clauses[].name] as $c | .flows[] | select($c[.clause] == "MSFT_OpenAI.revenue_share" and .amended)
  | .active == [false] and .dates == [null,null,null,"from 2026-04-01"] and .percent == "25%"' "$J"
check "totals" '.totals[] | select(.party == "OpenAI" and .measure == "pays") | .values == [38800000000000]' "$J"
check "breach map" '[.clauses[].name] as $c | .permissions.keys as $k |
  [.conflicts[0].keys[] | {key: ($k[.key] | "\(.party) \(.object)"), permits: [.permits[] | $c[.]], forbids: [.forbids[] | $c[.]]}]
  == [{"key":"Amazon StatefulRuntime","permits":["AWS_OpenAI.runtime"],"forbids":["MSFT_OpenAI.joint_api"]},
      {"key":"Amazon BedrockRuntime","permits":["AWS_OpenAI.runtime"],"forbids":["MSFT_OpenAI.joint_api"]}]
  and all(.conflicts[1].keys[]; .permits == [] and .forbids == [])' "$J"
check "expectations" '.expectations == {"passed":69,"failed":0,"errors":0}' "$J"
"$DEAL" run --format json --all --under settlement "$S" >"$tmp/all.json"
check "--all" '.permissions.rows == "all" and (.worlds | length) == 2 and
  (.permissions.keys | map(select(.party == "Google" and .object == "GovAPI")) | length) == 1' "$tmp/all.json"

# the timeline: the seed's key dates, per world
"$DEAL" timeline --format json "$S" >"$tmp/tl.json" || { echo "FAIL: timeline"; exit 1; }
T=$tmp/tl.json
check "timeline worlds" '[.worlds[].id] == ["status_quo","microsoft_wins","openai_amazon_win","settlement"]
  and [.worlds[].complete] == [true,false,false,false]' "$T"
check "timeline key" '.worlds[0].slots[] | select(.action == "use" and .object == "ModelIP")
  | .keys[] | select(.party == "Microsoft") | [.periods[] | [.from, .to, .status]]
  == [[null,"2025-10-27","forbidden"],["2025-10-28","2032-12-31","permitted"],["2033-01-01",null,"forbidden"]]' "$T"
check "timeline change" '.worlds[0].slots[] | select(.action == "use" and .object == "ModelIP")
  | .keys[0].periods[2].changes[0] | .clause == "MSFT_OpenAI.ip" and .date == "until"
  and .written == "2032-12-31" and .starts == false and .day == "2033-01-01"' "$T"
check "timeline as of" '[.worlds[0].slots[].keys[].periods[] | select(.as_of)] | length > 0
  and all(.[]; (.from == null or .from <= "2026-03-01") and (.to == null or .to >= "2026-03-01"))' "$T"
check "timeline flows" '.worlds[3].flows | map(select(.kind == "shares")) | map([.text, .periods])
  == [["OpenAI shares 20% of revenue from clouds with Microsoft", []],
      ["OpenAI shares 25% of revenue from clouds with Microsoft",
       [{"from": "2026-04-01", "to": null, "as_of": false}]]]' "$T"
check "timeline amended" '.worlds[3].flows[] | select(.periods != []) | select(.kind == "shares") | .amended' "$T"
# a `query when` line: its answer beside holds
"$DEAL" run --format json tests/golden/semantics/when_periods.deal >"$tmp/w.json" 2>/dev/null
check "query when" '.queries == [{"check": "when Cato may sell Widget under enjoin", "holds": true,
  "answer": "2029-01-01 to 2030-06-30, from 2035-01-01"}]' "$tmp/w.json"

# sums past 2^63 cents are reported as overflow, never wrapped
{
  echo 'party A; party B;'
  echo 'agreement L between A, B signed 2025-01-01 {'
  for i in $(seq 1 1100); do echo "  clause p$i: A pays B \$90T;"; done
  echo '  clause s: A owns 0.0001% of B valued $90T;'
  echo '}'
} >"$tmp/big.deal"
"$DEAL" run --format json "$tmp/big.deal" >"$tmp/big.json"
check "overflow total" '.totals[] | select(.party == "A" and .measure == "pays") | .values == ["overflow"]' "$tmp/big.json"
check "overflow valuation" '.flows[] | select(.kind == "owns") | .implied_valuation == "overflow"' "$tmp/big.json"
"$DEAL" run "$tmp/big.deal" | grep -q '^  A .*pays *overflow$' || { echo "FAIL: text total overflow"; fail=1; }
exit $fail
