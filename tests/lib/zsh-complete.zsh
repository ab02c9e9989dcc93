#!/bin/zsh -f
# zsh-complete.zsh DIR [LINE...]: what zsh's own completion system, loaded
# with compinit from DIR (which holds _dlg), offers for each command line
# LINE (the cursor at its end; without any, the lines of standard input):
# a line "== LINE", then one match a line, unsorted. It runs one interactive zsh on a pseudo-terminal (zsh/zpty),
# types each LINE and a tab, and prints every match compadd is given, as
# zsh-capture-completion does.
zmodload zsh/zpty || exit 2
dir=$1
shift
(( $# )) || set -- "${(@f)$(cat)}"
zpty z zsh -f -i || exit 2
zpty -w z "PS1='' PS2='' RPS1=''; bindkey -e"
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' menu no; zstyle ':completion:*' list-prompt ''"
zpty -w z "zstyle ':completion:*' insert-tab false"
# every match compadd is given, between marks (built when printed, so that
# the echo of what is typed here holds none); typed on one line: a tab
# would be a completion
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; local -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "<${:-m}>$IPREFIX$h</${:-m}>"; done; builtin compadd "$@"; }'
zpty -w z "bindkey '^I' complete-word"
# read until the mark $1 is printed (a few seconds at most)
read_until() {
	local chunk tries=0
	out=
	while :; do
		chunk=
		if zpty -r -t z chunk 2>/dev/null; then
			out+=$chunk
			[[ $out == *"<$1>"* ]] && return 0
		else
			(( ++tries > 400 )) && return 1
			sleep 0.025
		fi
	done
}
zpty -w z 'print -r -- "<${:-ready}>"'
read_until ready
for line; do
	# the line and a tab; then, the line killed, a command that marks the
	# end of what the completion printed
	zpty -n -w z "$line"$'\t'$'\x15'
	zpty -w z 'print -r -- "<${:-end}>"'
	read_until end
	print -r -- "== $line"
	print -r -- "$out" | tr -d '\r' | grep -o '<m>.*</m>' | sed -e 's/^<m>//' -e 's/<\/m>$//'
done
zpty -d z
