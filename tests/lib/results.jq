# Edits of a results file that the tests make, each leaving a file that
# forkbench could have written (bench/results' rules: a summary is its
# samples' own, no sample outlasts the run). Use with
#   jq -L tests/lib 'include "results"; scale(1.08)' FILE
#
# scale($f): every point's samples $f times (whole nanoseconds), its
# summary's times with them (each within the 1 ns the flooring moves a
# quantile), and the run's duration, so that a slower kernel's file reads
# as one. A point timed with the cache model has its counts scaled too,
# which keeps its cost their weighted sum only for a whole $f.
def scale($f):
	(.run.duration_s |= (if type == "number" then . * $f else . end))
	| .results[] |= (if (.points | type) == "object" then
		.points[] |= (.samples_ns |= map(. * $f | floor)
			| if (.model | type) == "object" then .model |= map_values(map(. * $f | floor)) else . end
			| if (.summary | type) == "object" then .summary |= with_entries(
				if .key == "n" or .key == "outliers" or .value == null then .
				elif (.value | type) == "array" then .value |= map(. * $f)
				else .value *= $f end) else . end)
		else . end);

# runs_below($k): the file as if its run had stopped before run $k began
# (version 2 on): every sample of run $k or later taken out of the arrays
# parallel to the samples (kinds, runs, CPUs, children) and to a point's
# values (the k-th value of a point is the k-th sample of its kind), the
# counts with them; a summary, no longer its samples', dropped.
def runs_below($k):
	.results[] |= (if (.run_of_sample | type) == "array" then
		.run_of_sample as $runs | .kind_of_sample as $kinds
		| [range(0; $runs | length) | select($runs[.] < $k)] as $keep
		| .points |= map_values(
			(if .kind == "probe" then 1 else 0 end) as $kind
			| [range(0; $kinds | length) | select($kinds[.] == $kind)] as $mine
			| .samples_ns as $v
			| .samples_ns = [range(0; $mine | length) | select($runs[$mine[.]] < $k) | $v[.]]
			| .n = (.samples_ns | length) | del(.summary))
		| .kind_of_sample = [$keep[] as $i | $kinds[$i]]
		| .run_of_sample = [$keep[] as $i | $runs[$i]]
		| .cpus |= (if type == "object" then map_values([$keep[] as $i | .[$i]]) else . end)
		| .pids.children |= (if length == ($runs | length) then [$keep[] as $i | .[$i]] else . end)
		| .sampling.n = ($keep | length)
		| .sampling.kinds |= (if type == "object" then
			{plain: ([$keep[] as $i | $kinds[$i] | select(. == 0)] | length),
			 probe: ([$keep[] as $i | $kinds[$i] | select(. == 1)] | length)} else . end)
		else . end);
