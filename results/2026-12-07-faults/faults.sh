#!/bin/bash
# The fault table: what forkbench run prints and exits with under each fault a user meets.
FB=${FB:-build/bench/forkbench}
args=(run --method fork,vfork --rss 0,1M -n 200 --no-progress -q)
t=$(mktemp -d)
row() { # name cmd...
	local name=$1; shift
	"$@" >"$t/out" 2>"$t/err"; local rc=$?
	printf '| %s | %s | %s |\n' "$name" "$rc" "$(grep -v '^$' "$t/err" | head -2 | tr '\n' ' ' | sed 's/|/\\|/g; s/ *$//')"
}
echo "| fault | exit | what it prints (stderr, first lines) |"
echo "|:--|--:|:--|"
# disk full: a 8 KiB tmpfs
mkdir -p $t/small && mount -t tmpfs -o size=8k tmpfs $t/small
row "disk full (--json on a 8 KiB tmpfs)" "$FB" "${args[@]}" --json $t/small/r.json
ls $t/small >/dev/null; umount $t/small
# unwritable directory
mkdir -p $t/ro && chmod 555 $t/ro
row "unwritable directory (as nobody)" setpriv --reuid=nobody --regid=nogroup --clear-groups "$FB" "${args[@]}" --json $t/ro/r.json
# a symlink --json
ln -s $t/target.json $t/link.json
row "--json through a symlink" "$FB" "${args[@]}" --json $t/link.json
[ -f $t/target.json ] && echo "<!-- symlink: written to its target -->"
# a dangling symlink into a missing directory
ln -s $t/nodir/x.json $t/dangling.json
row "--json a symlink into a missing directory" "$FB" "${args[@]}" --json $t/dangling.json
# RLIMIT_FSIZE
row "RLIMIT_FSIZE 16 KiB (ulimit -f 16)" bash -c "ulimit -f 16; exec $FB ${args[*]} --json $t/fs.json"
# RLIMIT_NPROC for a user
row "RLIMIT_NPROC 5 (as nobody, --parallel 8)" setpriv --reuid=nobody --regid=nogroup --clear-groups bash -c "ulimit -u 5; exec $FB run --method fork -n 50 --parallel 8 --no-progress -q --json /tmp/nproc-\$\$.json"
# RLIMIT_AS
row "RLIMIT_AS 2 GiB, --rss 4G" bash -c "ulimit -v 2097152; exec $FB run --method fork --rss 4G -n 5 --no-progress -q"
# cgroup pids.max (v1 here; v2 the same file)
cg=/sys/fs/cgroup/pids/fbfault$$
if mkdir $cg 2>/dev/null; then
	echo 6 >$cg/pids.max
	row "cgroup pids.max 6, --parallel 8" bash -c "echo \$\$ >$cg/tasks; exec $FB run --method fork -n 50 --parallel 8 --no-progress -q"
	rmdir $cg
fi
# memory cgroup (OOM)
cg=/sys/fs/cgroup/memory/fbmem$$
if mkdir $cg 2>/dev/null; then
	echo 256M >$cg/memory.limit_in_bytes; echo 256M >$cg/memory.memsw.limit_in_bytes 2>/dev/null
	row "memory cgroup limit 256M, --rss 1G (OOM)" bash -c "echo \$\$ >$cg/tasks; exec $FB run --method fork --rss 1G -n 5 --no-progress -q --json $t/oom.json"
	echo "<!-- oom.json: $(jq -c '{partial: .run.partial, error: .run.error, exit_code: .run.exit_code}' $t/oom.json 2>/dev/null) -->"
	sleep 1; rmdir $cg
fi
# SIGINT mid-run of --runs 3
( "$FB" run --method fork,vfork --rss 0 -n 3000 --runs 3 --no-progress -q --json $t/int.json >/dev/null 2>$t/int.err & p=$!; sleep 3; kill -INT $p; wait $p; echo $? >$t/int.rc )
printf '| SIGINT 3 s into run --runs 3 | %s | %s |\n' "$(cat $t/int.rc)" "$(head -2 $t/int.err | tr '\n' ' ') runs_done=$(jq .run.runs_done $t/int.json 2>/dev/null) partial=$(jq .run.partial $t/int.json 2>/dev/null)"
rm -rf $t
