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

# Completes the last element of a comma-separated list ($2) from words ($1).
_forkbench_list()
{
	local words=$1 cur=$2 head=
	case $cur in
	*,*) head=${cur%,*}, cur=${cur##*,} ;;
	esac
	local w
	COMPREPLY=()
	for w in $(compgen -W "$words" -- "$cur"); do
		COMPREPLY+=("$head$w")
	done
	# no space after an element: another may follow the comma
	compopt -o nospace 2>/dev/null
}

_forkbench()
{
	local fb=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} cmd= i
	COMPREPLY=()

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "run list check compare export help -h --help -V --version" -- "$cur"))
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
		--touch) COMPREPLY=($(compgen -W "write read none" -- "$cur")); return ;;
		--cow-side) COMPREPLY=($(compgen -W "child parent" -- "$cur")); return ;;
		--hugetlb) COMPREPLY=($(compgen -W "2M 1G" -- "$cur")); return ;;
		--counters) COMPREPLY=($(compgen -W "default" -- "$cur")); return ;;
		--json | --csv | --csv-samples)
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
			return ;;
		-r | --rss | --vmas | --fds | --threads | --cow | --cpu | --parallel | --child-cpu | \
			-n | --iterations | -t | --time | --precision | --max-time | --min-samples | \
			--warmup | --runs | --label)
			return ;; # a value of the user's own
		esac
		COMPREPLY=($(compgen -W "--method --rss --thp --hugetlb --touch --vmas --fds --threads
			--shared --cow --cow-side --cpu --parallel --child-cpu --trace --trace=auto
			--counters --iterations --time --precision --max-time --min-samples --warmup
			--runs --json --csv --csv-samples --label --quiet --no-progress --help" -- "$cur"))
		;;
	list) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
	check) COMPREPLY=($(compgen -W "--json --clean-trace --help" -- "$cur")) ;;
	compare)
		case $prev in
		-p | --point) COMPREPLY=($(compgen -W "create child_start roundtrip cow" -- "$cur")); return ;;
		-t | --threshold | -a | --alpha | --allowance) return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--point --threshold --alpha --allowance --markdown --json
				--github-benchmark --force --help --" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur")) # results files and directories
			compopt -o filenames 2>/dev/null
		fi
		;;
	export)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--csv --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
		fi
		;;
	help) COMPREPLY=($(compgen -W "run list check compare export" -- "$cur")) ;;
	esac
}

complete -F _forkbench forkbench
