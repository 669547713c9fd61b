#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the forkbench QEMU guest (busybox sh).  Packed by run-guest.sh
# together with /etc/forkbench-guest.conf, which sets:
#   FB_ARGS       forkbench arguments (without --json)
#   FB_TRACE      on|off|copy|newtask: enable the task_copy_process events
#                 and task_newtask (on), only the former (copy), only
#                 task_newtask (newtask) or none (off)
#   FB_RECORD_CMD on|off: ftrace's options/record-cmd while tracing
#   FB_SELFTESTS  1: run /selftests/run.sh after forkbench, the failure
#                 probe and the trace dump (FB_ARGS=none: without
#                 forkbench), its output to /out/selftests.txt
#   FB_WATCHDOG   seconds before the guest gives up and reboots
#   FB_FAIL_PROBE 1: after the run, make a few forks fail on purpose
#   FB_CLOCK      icount|wall: the timing mode the host booted (recorded;
#                 the kernel command line carries it as forkbench.clock=)
#
# Results leave through /dev/ttyS1 (QEMU's second -serial, a host file),
# never through the console: each file is sent base64-encoded between
# "==FB== begin NAME sha256=HEX size=N" and "==FB== end NAME" lines, then
# "==FB== status rc=N" and "==FB== done".

export PATH=/bin
umask 022

say() { echo "forkbench-guest: $*" >/dev/console; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp /out
mount -t tmpfs tmpfs /tmp
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null

# shellcheck source=/dev/null # written by run-guest.sh into the initramfs
. /etc/forkbench-guest.conf

say "init started: kernel $(uname -r), uptime $(cut -d' ' -f1 /proc/uptime) s"

# Guest-side watchdog: whatever happens, reboot (QEMU runs -no-reboot, so
# it exits) before the host-side timeout has to kill it.
(
	sleep "${FB_WATCHDOG:-600}"
	say "WATCHDOG: no result after ${FB_WATCHDOG:-600} s, rebooting"
	printf '==FB== status rc=124 watchdog\n==FB== done\n' >/dev/ttyS1
	reboot -f
) &
WATCHDOG_PID=$!

# Probe the channel by writing (the node exists even without a backend,
# writes then fail), then keep it open so that its raw setting sticks.
CH=/dev/ttyS1
if ! (printf '==FB== hello\n' >$CH) 2>/dev/null; then
	say "ERROR: results channel $CH is not usable (no second -serial?)"
	reboot -f
fi
exec 3>$CH
stty -F $CH raw -echo 2>/dev/null || say "warning: cannot set $CH raw"

send() { # send NAME FILE
	[ -f "$2" ] || return 0
	sum=$(sha256sum "$2" | cut -d' ' -f1)
	size=$(wc -c <"$2")
	{
		echo "==FB== begin $1 sha256=$sum size=$size"
		base64 "$2"
		echo "==FB== end $1"
	} >&3
}

T=/sys/kernel/tracing

# A kernel that has to calibrate its TSC starts on "tsc-early" and moves to
# "tsc" about a second into the boot, from a kworker: let that happen
# before anything is timed (at most 3 s; under icount an idle guest's
# time costs no host time).
CS=/sys/devices/system/clocksource/clocksource0/current_clocksource
i=0
while [ "$(cat $CS 2>/dev/null)" = tsc-early ] && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done

# Clock check (when run-guest.sh packed /bin/forkbench-clockcheck): a loop
# of known length read with the vDSO, the system call, the TSC and the
# trace clock, before anything else runs.  The trace clock is read from
# the two trace_marker lines it writes.
: >/out/clockcheck.txt
if [ -x /bin/forkbench-clockcheck ]; then
	/bin/forkbench-clockcheck >/out/clockcheck.txt 2>/dev/console
	if [ -r $T/trace ]; then
		# the marker's line: "TASK-PID [CPU] FLAGS SECONDS: FUNCTION: fbcc start",
		# FUNCTION an address when the kernel has no kallsyms
		awk '/: fbcc (start|end)$/ {
			for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { t = $i; break }
			sub(/:$/, "", t)
			if ($NF == "start") s = t; else e = t
		}
		END { if (s != "" && e != "") printf "cc_trace_ns=%.0f\n", (e - s) * 1e9 }' \
			$T/trace >>/out/clockcheck.txt
		echo >$T/trace
	fi
fi
trace_state=off
if [ "${FB_TRACE:-off}" != off ]; then
	if [ -d $T/events/task/task_copy_process ]; then
		echo 0 >$T/tracing_on
		echo 16384 >$T/buffer_size_kb
		echo >$T/trace
		[ "${FB_RECORD_CMD:-on}" = on ] || echo 0 >$T/options/record-cmd
		[ "$FB_TRACE" = copy ] ||
			echo 1 >$T/events/task/task_newtask/enable
		if [ "$FB_TRACE" != newtask ]; then
			echo 1 >$T/events/task/task_copy_process/enable
			echo 1 >$T/events/task/task_copy_process_failed/enable
		fi
		echo 1 >$T/tracing_on
		trace_state=$FB_TRACE
	elif [ -d $T/events/task ]; then
		trace_state=absent
		say "the task_copy_process event is not in this kernel (stock kernel?)"
	else
		trace_state=absent
		say "tracefs or task events missing: no tracing"
	fi
fi

{
	echo "kernel_release=$(uname -r)"
	echo "kernel_version=$(uname -v)"
	echo "cmdline=$(cat /proc/cmdline)"
	echo "cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "nr_cpus=$(grep -c ^processor /proc/cpuinfo)"
	echo "mem_total_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
	echo "clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)"
	echo "clocksources_available=$(cat /sys/devices/system/clocksource/clocksource0/available_clocksource 2>/dev/null)"
	echo "trace_clock=$(sed -n 's/.*\[\([^]]*\)\].*/\1/p' $T/trace_clock 2>/dev/null)"
	# the frequency the guest settled on for its TSC (under icount
	# shift=S it ticks once per instruction: 1000 MHz / 2^S)
	echo "tsc_mhz=$(dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p; s/.*tsc: Detected \([0-9.]*\) MHz processor.*/\1/p' | tail -1)"
	echo "clock_mode=${FB_CLOCK:-wall}"
	echo "slowdown=$(cat /sys/module/kernel/parameters/forkbench_slowdown 2>/dev/null)"
	echo "thp_enabled=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)"
	echo "trace_event=$trace_state"
	echo "boot_uptime_s=$(cut -d' ' -f1 /proc/uptime)"
	cat /out/clockcheck.txt
} >/out/guest-info.txt

cd /tmp || say "warning: cannot cd to /tmp"
rc=0
if [ "$FB_ARGS" != none ]; then
	say "running: forkbench $FB_ARGS --json /out/results.json"
	# shellcheck disable=SC2086 # FB_ARGS is a word list on purpose
	/bin/forkbench $FB_ARGS --json /out/results.json >/out/forkbench.log 2>&1
	rc=$?
	say "forkbench exited with $rc after $(cut -d' ' -f1 /proc/uptime) s uptime"
	tail -n 20 /out/forkbench.log >/dev/console
fi

# Failure probe: make copy_process() fail in its limits step (threads-max
# is checked even for root) so that task_copy_process_failed shows up.
if [ "${FB_FAIL_PROBE:-0}" = 1 ]; then
	old_max=$(cat /proc/sys/kernel/threads-max)
	# A failed fork is fatal to busybox sh: fail in a subshell.
	(
		echo 20 >/proc/sys/kernel/threads-max
		i=0
		while [ $i -lt 40 ]; do
			sleep 30 &
			echo $! >>/tmp/probe.pids
			i=$((i + 1))
		done
	) 2>/dev/null
	echo "$old_max" >/proc/sys/kernel/threads-max
	# shellcheck disable=SC2046
	kill $(cat /tmp/probe.pids 2>/dev/null) 2>/dev/null
	say "failure probe done: $(wc -l </tmp/probe.pids 2>/dev/null || echo 0) children started under threads-max 20"
fi

if [ $trace_state != off ] && [ $trace_state != absent ]; then
	echo 0 >$T/tracing_on
	cat $T/trace >/out/trace.txt
	grep -c ': task_copy_process:' /out/trace.txt >/dev/null &&
		say "trace: $(grep -c ': task_copy_process:' /out/trace.txt) task_copy_process events"
	cat $T/per_cpu/cpu*/stats 2>/dev/null | grep -i overrun >/out/trace-overrun.txt
fi
# The selftests run last, the events still on (their clone3 and pidfd
# paths go through the marks too), after the trace was taken: their
# thousands of tasks would push forkbench's comms out of ftrace's cache.
if [ "${FB_SELFTESTS:-0}" = 1 ]; then
	[ $trace_state = off ] || [ $trace_state = absent ] || echo 1 >$T/tracing_on
	say "running the selftests"
	(cd /selftests && ./run.sh) >/out/selftests.txt 2>&1
	say "selftests done after $(cut -d' ' -f1 /proc/uptime) s uptime"
fi
{
	echo "run_uptime_s=$(cut -d' ' -f1 /proc/uptime)"
	echo "run_clocksource=$(cat $CS 2>/dev/null)"
} >>/out/guest-info.txt

send guest-info.txt /out/guest-info.txt
send forkbench.log /out/forkbench.log
send results.json /out/results.json
send trace.txt /out/trace.txt
send trace-overrun.txt /out/trace-overrun.txt
send selftests.txt /out/selftests.txt
printf '==FB== status rc=%s\n==FB== done\n' "$rc" >&3
kill $WATCHDOG_PID 2>/dev/null
sync
say "done, rebooting"
reboot -f
sleep 5
echo b >/proc/sysrq-trigger 2>/dev/null
