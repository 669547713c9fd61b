# bash completion for forkbench(1); installed as
# share/bash-completion/completions/forkbench. Self-contained (plain
# compgen, no bash-completion helpers), so that it also works sourced
# from ~/.bashrc. Method names come from `forkbench list`, so a new method
# completes without a change here.

# Methods of the forkbench being completed: the first word of each line of
# `forkbench list` that starts with a name (the header and the indented
# detail lines do not).
_forkbench_methods()
{
	"$1" list 2>/dev/null | awk 'NR > 1 && /^[a-z]/ {print $1}'
}

# COMPREPLY: the words of $1 that start with $2.
_forkbench_offer()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# COMPREPLY: the files and directories that start with $1, one a line, so
# that a name with a space stays one word.
_forkbench_files()
{
	mapfile -t COMPREPLY < <(compgen -f -- "$1")
	compopt -o filenames 2>/dev/null
}

# Completes the last element of a comma-separated list ($2) from words ($1).
_forkbench_list()
{
	local words=$1 cur=$2 head=
	case $cur in
	*,*) head=${cur%,*}, cur=${cur##*,} ;;
	esac
	local w
	COMPREPLY=()
	while IFS= read -r w; do
		COMPREPLY+=("$head$w")
	done < <(compgen -W "$words" -- "$cur")
	# no space after an element: another may follow the comma
	compopt -o nospace 2>/dev/null
}

_forkbench()
{
	local fb=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} cmd='' i
	COMPREPLY=()

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		_forkbench_offer "run list check compare export store results help -h --help -V --version" "$cur"
		return
	fi

	case $cmd in
	run)
		case $prev in
		-m | --method)
			_forkbench_list "all $(_forkbench_methods "$fb")" "$cur"
			return ;;
		--thp)
			_forkbench_list "off on system" "$cur"
			return ;;
		--touch) _forkbench_offer "write read none" "$cur"; return ;;
		--cow-side) _forkbench_offer "child parent" "$cur"; return ;;
		--hugetlb) _forkbench_offer "2M 1G" "$cur"; return ;;
		--counters) _forkbench_offer "default" "$cur"; return ;;
		--unit) _forkbench_offer "us ms auto" "$cur"; return ;;
		--points) _forkbench_list "all create roundtrip child_start cow" "$cur"; return ;;
		--json | --csv | --csv-entries | --csv-samples)
			_forkbench_files "$cur"
			return ;;
		-r | --rss | --vmas | --fds | --threads | --cow | --cpu | --parallel | --child-cpu | \
			-n | --iterations | -t | --time | --precision | --max-time | --min-samples | \
			--warmup | --probe-every | --runs | --label)
			return ;; # a value of the user's own
		esac
		_forkbench_offer "--method --rss --thp --hugetlb --touch --vmas --fds --threads
			--shared --cow --cow-side --cpu --parallel --child-cpu --trace --trace=auto
			--counters --iterations --time --precision --max-time --min-samples --warmup
			--points --probe-every --runs --json --csv --csv-entries --csv-samples --label --unit --verbose --quiet
			--no-progress --help" "$cur"
		;;
	list) _forkbench_offer "--json --help" "$cur" ;;
	check) _forkbench_offer "--strict --json --clean-trace --help" "$cur" ;;
	compare)
		case $prev in
		-p | --point) _forkbench_offer "create child_start roundtrip cow" "$cur"; return ;;
		--unit) _forkbench_offer "us ms auto" "$cur"; return ;;
		--store) _forkbench_files "$cur"; return ;;
		--fail-on) _forkbench_offer "slower inconclusive not-judged" "$cur"; return ;;
		--defaults) _forkbench_offer "wall icount icount-aslr model" "$cur"; return ;;
		-t | --threshold | -a | --alpha | --allowance) return ;;
		esac
		if [[ $cur == -* ]]; then
			_forkbench_offer "--point --threshold --alpha --allowance --fail-on --parts --defaults
				--markdown --json --github-benchmark --force --unit --store --help --" "$cur"
		else
			_forkbench_files "$cur" # results files and directories
		fi
		;;
	export)
		if [[ $cur == -* ]]; then
			_forkbench_offer "--csv --csv-entries --help" "$cur"
		else
			_forkbench_files "$cur"
		fi
		;;
	results)
		if [[ $cur == -* ]]; then
			_forkbench_offer "--clock --accel --help" "$cur"
		else
			_forkbench_files "$cur"
		fi
		;;
	store)
		# the subcommand first, then its options and files
		local sub='' j
		for ((j = i + 1; j < COMP_CWORD; j++)); do
			case ${COMP_WORDS[j]} in
			-*) ;;
			*) sub=${COMP_WORDS[j]}; break ;;
			esac
		done
		case $prev in
		--store | --csv) _forkbench_files "$cur"; return ;;
		--by) _forkbench_offer "run kernel label date" "$cur"; return ;;
		--point) _forkbench_offer "roundtrip create child_start cow" "$cur"; return ;;
		--clock) _forkbench_offer "wall icount model" "$cur"; return ;;
		--label | --id | --id-suffix) return ;;
		esac
		if [[ $cur == -* ]]; then
			_forkbench_offer "--store --label --id --id-suffix --by --point --clock --csv --help" "$cur"
		elif [ -z "$sub" ]; then
			_forkbench_offer "add list trend" "$cur"
		elif [ "$sub" = add ]; then
			_forkbench_files "$cur"
		fi
		;;
	help) _forkbench_offer "run list check compare export store results" "$cur" ;;
	esac
}

complete -F _forkbench forkbench
