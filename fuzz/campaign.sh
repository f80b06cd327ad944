#!/bin/sh
# campaign.sh — fuzz every target for SECONDS (default 600) each, one after
# another, into a scratch copy of its corpus, then merge into
# fuzz/corpus/<name> only the new inputs that add coverage (the committed
# seeds keep their readable names). Prints one line per
# target: runs, executions per second, coverage, new corpus size, crashes.
# Usage: fuzz/campaign.sh [SECONDS] [TARGET ...]     (after fuzz/build.sh)
# Crashes are left in fuzz/out/crash/<target>/ and make the exit status 1.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-"csv pb pb_scalar fields codes static bulletin api upload search cluster liaison live"}
status=0
for t in $targets; do
	case $t in
	csv) corpus=csv opts="-use_value_profile=1 -max_len=16384 -dict=fuzz/csv.dict" ;;
	pb | pb_scalar) corpus=pb opts="-use_value_profile=1 -max_len=8192 -dict=fuzz/pb.dict" ;;
	fields) corpus=fields opts="-dict=fuzz/fields.dict" ;;
	static) corpus=static opts="-dict=fuzz/static.dict" ;;
	api) corpus=api opts="-dict=fuzz/api.dict" ;;
	upload) corpus=upload opts="-max_len=65536 -rss_limit_mb=4096" ;;
	search) corpus=search opts="-max_len=1024 -dict=fuzz/search.dict" ;;
	cluster) corpus=cluster opts="-max_len=2048 -dict=fuzz/search.dict" ;;
	liaison) corpus=liaison opts="-max_len=256 -dict=fuzz/liaison.dict" ;;
	*) corpus=$t opts="" ;;
	esac
	work=$(mktemp -d) crash=fuzz/out/crash/$t
	mkdir -p "$crash"
	cp fuzz/corpus/"$corpus"/* "$work"/
	log=fuzz/out/$t.log
	# shellcheck disable=SC2086
	fuzz/out/fuzz_"$t" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$crash"/ $opts "$work" \
		>"$log" 2>&1
	rc=$?
	# shellcheck disable=SC2086
	fuzz/out/fuzz_"$t" -merge=1 $opts fuzz/corpus/"$corpus" "$work" >>"$log" 2>&1
	rm -rf "$work"
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | head -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	crashes=$(ls "$crash" | wc -l)
	printf '%-10s %ss: %s runs, %s/s, %s, corpus %s files, %s crashes (exit %s)\n' "$t" "$secs" "${runs:-?}" \
		"${eps:-?}" "${cov:-cov: ?}" "$(ls fuzz/corpus/"$corpus" | wc -l)" "$crashes" "$rc"
	[ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] || status=1
done
exit $status
