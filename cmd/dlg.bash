# dlg.bash: bash completion for dlg(1): commands, each command's options
# (as declared in cmd/*.c), task ids, people, channels, statuses and
# decisions. Installed as share/bash-completion/completions/dlg; also works
# sourced on its own, without the bash-completion package. Pure bash, plus
# find(1) to list task files.

_dlg_commands='agenda board brief calendar check done edit explain give help init list log merge-file new people report snooze sync undo'

# The options of command $1, long and short, one word each.
_dlg_options() {
	case $1 in
	agenda) echo '--json' ;;
	board) echo '--html -o --output' ;;
	brief) echo '--html' ;;
	calendar) echo '-o --output' ;;
	check) echo '-q --quiet' ;;
	done) echo '-r --rating -q --quiet' ;;
	edit) echo '-q --quiet' ;;
	give) echo '-f --follow-up -q --quiet' ;;
	init) echo '--nested' ;;
	list) echo '-s --status -d --decision -t --to -c --channel -T --tag --due-before -a --all --json' ;;
	new) echo '-e --edit --in' ;;
	people) echo '--json' ;;
	report) echo '--since --until --json --html' ;;
	snooze) echo '-q --quiet' ;;
	sync) echo '-n --dry-run -q --quiet --offline --no-push' ;;
	undo) echo '-n --dry-run' ;;
	esac
}

# Succeeds when option $2 of command $1 takes a value.
_dlg_takes_value() {
	case $1:$2 in
	list:-s | list:--status | list:-d | list:--decision | list:-t | list:--to | \
		list:-c | list:--channel | list:-T | list:--tag | list:--due-before | \
		new:--in | done:-r | done:--rating | report:--since | report:--until | \
		give:-f | give:--follow-up | \
		board:-o | board:--output | calendar:-o | calendar:--output | \
		global:-C | global:--today)
		return 0 ;;
	esac
	return 1
}

# For a word of short options (-as, -sopen), the option whose value is the
# next word, if any: a value-taking option ends the word, taking the rest of
# it as its value when there is a rest.
_dlg_short_value() {
	local cmd=$1 w=${2#-} i
	for ((i = 0; i < ${#w}; i++)); do
		if _dlg_takes_value "$cmd" "-${w:i:1}"; then
			((i == ${#w} - 1)) && echo "-${w:i:1}"
			return
		fi
	done
}

# The task repository for start folder $1: the nearest folder, going up,
# holding dlg.ini or .git, when it holds dlg.ini (as dlg finds it). Sets
# _dlg_top; fails when none.
_dlg_find_root() {
	local d=$1
	case $d in
	"~") d=$HOME ;;
	"~/"*) d=$HOME/${d#"~/"} ;;
	esac
	d=$(cd -- "$d" 2>/dev/null && pwd -P) || return 1
	while :; do
		if [[ -e $d/dlg.ini ]]; then
			_dlg_top=$d
			return 0
		fi
		[[ -e $d/.git ]] && return 1
		[[ -z $d || $d == / ]] && return 1
		d=${d%/*}
		[[ -z $d ]] && d=/
	done
}

# Add the words of $2.. that start with $1 to COMPREPLY.
_dlg_add() {
	local cur=$1 w
	shift
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
}

# Task ids under $_dlg_top/tasks starting with $1 (dot files and folders
# skipped, as dlg skips them).
_dlg_tasks() {
	local base=$_dlg_top/tasks cur=$1 pat ids
	[[ -d $base ]] || return
	pat=$cur
	pat=${pat//\\/\\\\}
	pat=${pat//\*/\\*}
	pat=${pat//\?/\\?}
	pat=${pat//\[/\\[}
	mapfile -t ids < <(find "$base" -mindepth 1 -name '.*' -prune -o \
		-type f -name '*.md' -path "$base/$pat*" -print 2>/dev/null)
	ids=("${ids[@]#"$base/"}")
	ids=("${ids[@]%.md}")
	COMPREPLY+=("${ids[@]}")
}

# People ids (people/*.md stems) starting with $1.
_dlg_people() {
	local f b
	for f in "$_dlg_top"/people/*.md; do
		[[ -f $f ]] || continue
		b=${f##*/}
		[[ $b == .* ]] && continue
		b=${b%.md}
		[[ $b == "$1"* ]] && COMPREPLY+=("$b")
	done
}

# Channel names ([channel NAME] lines of dlg.ini) starting with $1.
_dlg_channels() {
	local line name re='^[[:space:]]*\[[[:space:]]*channel[[:space:]]+([^]]*[^][:space:]])[[:space:]]*\]'
	[[ -r $_dlg_top/dlg.ini ]] || return
	while IFS= read -r line || [[ -n $line ]]; do
		if [[ $line =~ $re ]]; then
			name=${BASH_REMATCH[1]}
			[[ $name == "$1"* ]] && COMPREPLY+=("$name")
		fi
	done <"$_dlg_top/dlg.ini"
}

# Folders under tasks/ starting with $1, for new --in.
_dlg_folders() {
	local base=$_dlg_top/tasks dirs
	[[ -d $base ]] || return
	mapfile -t dirs < <(find "$base" -mindepth 1 -name '.*' -prune -o -type d -print 2>/dev/null)
	dirs=("${dirs[@]#"$base/"}")
	_dlg_add "$1" "${dirs[@]}"
}

# Complete the value of option $2 of command $1 for the word $3. A
# comma-separated list (list's filters) completes its last item.
_dlg_value() {
	local cmd=$1 opt=$2 cur=$3 head=
	if [[ $cmd == list && $cur == *,* ]]; then
		head=${cur%,*},
		cur=${cur##*,}
	fi
	case $opt in
	-C)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return ;;
	-o | --output)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	--today) ;; # a date: YYYY-MM-DD only
	--due-before | --since | --until) _dlg_add "$cur" today ;;
	-s | --status) _dlg_add "$cur" inbox open waiting done dropped ;;
	-d | --decision) _dlg_add "$cur" keep delegate outsource drop ;;
	-t | --to) [[ -n $_dlg_top ]] && _dlg_people "$cur" ;;
	-c | --channel) [[ -n $_dlg_top ]] && _dlg_channels "$cur" ;;
	-r | --rating) _dlg_add "$cur" 1 2 3 4 5 ;;
	--in) [[ -n $_dlg_top ]] && _dlg_folders "$cur" ;;
	esac
	if [[ -n $head ]]; then
		COMPREPLY=("${COMPREPLY[@]/#/"$head"}")
		compopt -o nospace 2>/dev/null
	fi
}

_dlg() {
	local cur prev words=() cword=0 i w rlword strip
	local dir=. cmd= cmdi=0 opt npos=0 only_args=0 _dlg_top=
	COMPREPLY=()

	# Join "--opt" "=" "value", which COMP_WORDBREAKS splits, back into one
	# word, so that the rest sees the command line as dlg will.
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = && ${#words[@]} -gt 0 && ${words[-1]} == -* && ${words[-1]} != *=* ]]; then
			words[-1]+==
			if ((i + 1 < ${#COMP_WORDS[@]} && i + 1 <= COMP_CWORD)); then
				((i++))
				words[-1]+=${COMP_WORDS[i]}
			fi
		else
			words+=("$w")
		fi
		((i <= COMP_CWORD)) && cword=$((${#words[@]} - 1))
	done
	cur=${words[cword]}
	_dlg_complete
	# Readline replaces only the text after the last word-break character
	# (usually '='), so give it completions of that part.
	rlword=${COMP_WORDS[COMP_CWORD]}
	[[ $rlword == = ]] && rlword=
	strip=${cur%"$rlword"}
	if [[ -n $strip ]]; then
		COMPREPLY=("${COMPREPLY[@]#"$strip"}")
	fi
	return 0
}

# The work of _dlg, on its words, cword and cur.
_dlg_complete() {
	# Global options, then the command.
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-C) ((i++)); dir=${words[i]} ;;
		-C?*) dir=${w#-C} ;;
		--today) ((i++)) ;;
		-*) ;;
		*) cmd=$w; cmdi=$i; break ;;
		esac
	done
	_dlg_find_root "$dir"

	if [[ -z $cmd ]]; then
		prev=${words[cword - 1]}
		if ((cword > 1)) && [[ $prev == -C || $prev == --today ]]; then
			_dlg_value global "$prev" "$cur"
		elif [[ $cur == --today=* ]]; then
			_dlg_value global --today "${cur#--today=}"
			COMPREPLY=("${COMPREPLY[@]/#/--today=}")
		elif [[ $cur == -* ]]; then
			_dlg_add "$cur" -C --today --no-color --version --help
		else
			_dlg_add "$cur" $_dlg_commands
		fi
		return 0
	fi

	# Options and positional arguments of the command before the cursor.
	for ((i = cmdi + 1; i < cword; i++)); do
		w=${words[i]}
		if ((only_args)) || [[ $w != -?* ]]; then
			((npos++))
		elif [[ $w == -- ]]; then
			only_args=1
		elif [[ $w != *=* ]] && _dlg_takes_value "$cmd" "$w"; then
			((i++))
		elif [[ $w == -[!-]?* && -n $(_dlg_short_value "$cmd" "$w") ]]; then
			((i++))
		fi
	done

	prev=${words[cword - 1]}
	if ((!only_args && cword - 1 > cmdi)) && [[ $prev == -[!-]?* ]]; then
		opt=$(_dlg_short_value "$cmd" "$prev")
		[[ -n $opt ]] && prev=$opt
	fi
	if ((!only_args && cword - 1 > cmdi)) && [[ $prev != *=* ]] && _dlg_takes_value "$cmd" "$prev"; then
		_dlg_value "$cmd" "$prev" "$cur"
		return 0
	fi
	if ((!only_args)) && [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		_dlg_value "$cmd" "$opt" "${cur#*=}"
		COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
		return 0
	fi
	if ((!only_args)) && [[ $cur == -* ]]; then
		_dlg_add "$cur" $(_dlg_options "$cmd") --help
		[[ $cur != --* ]] && _dlg_add "$cur" -h
		return 0
	fi

	case $cmd in
	explain | done | brief | log)
		((npos == 0)) && [[ -n $_dlg_top ]] && _dlg_tasks "$cur" ;;
	edit)
		((npos == 0)) && [[ -n $_dlg_top ]] && _dlg_tasks "$cur" && _dlg_people "$cur" ;;
	snooze)
		if ((npos == 0)); then
			[[ -n $_dlg_top ]] && _dlg_tasks "$cur"
		elif ((npos == 1)); then
			_dlg_add "$cur" today tomorrow +3d 1w 2w monday tuesday wednesday \
				thursday friday saturday sunday
		fi ;;
	give)
		if ((npos == 0)); then
			[[ -n $_dlg_top ]] && _dlg_tasks "$cur"
		elif ((npos == 1)); then
			[[ -n $_dlg_top ]] && _dlg_people "$cur"
		fi ;;
	help)
		((npos == 0)) && _dlg_add "$cur" $_dlg_commands ;;
	init)
		if ((npos == 0)); then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		fi ;;
	check)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	new)
		# after the title: the fields the default rules read, as KEY=
		if ((npos > 0)) && [[ $cur != *=* ]]; then
			_dlg_add "$cur" title= enjoy= skill= learn= hours= cost= urgent= \
				important= purpose= in_person= tags= due= repeat= repeat_from=
			compopt -o nospace 2>/dev/null
		fi ;;
	esac
	return 0
}

complete -F _dlg dlg
