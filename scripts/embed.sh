#!/bin/sh
# embed.sh NAME FILE: print a C file defining `const char NAME[]` with FILE's
# bytes (NUL-terminated) and `const size_t NAME_len`.
set -e
name=$1
file=$2
printf '/* generated from %s by scripts/embed.sh: do not edit */\n' "$file"
printf '#include <stddef.h>\n'
printf 'const char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/  */ /g' -e 's/^ //' -e '/^$/d' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00 };\n'
printf 'const size_t %s_len = sizeof(%s) - 1;\n' "$name" "$name"
